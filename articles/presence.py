"""Who has an article open in the editor right now ("sedang disunting oleh ...").

Kept in the cache (Redis in production), refreshed by the change form every
``HEARTBEAT_SECONDS``; an editor who has not been heard from for ``STALE_SECONDS`` is gone.
"""

import time

from django.core.cache import cache

HEARTBEAT_SECONDS = 30
STALE_SECONDS = 90


def _key(article_id: int) -> str:
    return f"articles:editing:{article_id}"


def touch(article_id: int, user) -> None:
    """Note that ``user`` has the article open now."""
    editors = _fresh(cache.get(_key(article_id), {}))
    editors[user.pk] = {
        "name": user.byline,
        "since": editors.get(user.pk, {}).get("since", time.time()),
        "seen": time.time(),
    }
    cache.set(_key(article_id), editors, STALE_SECONDS * 2)


def leave(article_id: int, user) -> None:
    editors = _fresh(cache.get(_key(article_id), {}))
    if editors.pop(user.pk, None) is not None:
        cache.set(_key(article_id), editors, STALE_SECONDS * 2)


def others(article_id: int, user) -> list[dict]:
    """The other people editing this article, longest-open first."""
    editors = _fresh(cache.get(_key(article_id), {}))
    rows = [info for pk, info in editors.items() if pk != user.pk]
    return sorted(rows, key=lambda info: info["since"])


def _fresh(editors: dict) -> dict:
    cutoff = time.time() - STALE_SECONDS
    return {pk: info for pk, info in editors.items() if info["seen"] >= cutoff}
