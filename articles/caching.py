"""Fast and never wrong: the page cache for anonymous readers.

Public pages (headlines, articles, listings, feeds, sitemaps) are kept in the configured
cache under a *generation*: any change to what readers may see (a save, a publish, an
unpublish, a correction, a takedown, anything saved in the admin) moves to a new
generation, so the next reader gets a fresh page at once. No cached page outlives the
next moment the site changes by itself (a scheduled story's time, a pin or ribbon
expiring): the cache time is cut to that moment. Staff and previews are never cached.
"""

import hashlib
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate() -> None:
    """Readers see every public change at once: start a new generation of pages."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def seconds_until_next_change() -> int:
    """Until the site changes by itself: a scheduled publish time, or a pin or ribbon
    that expires. Computed once per generation."""
    key = f"pages:{generation()}:next-change"
    moment = cache.get(key)
    if moment is None:
        moment = _next_change() or timezone.now() + timedelta(days=1)
        cache.set(key, moment, max(1, int((moment - timezone.now()).total_seconds())))
    return max(0, int((moment - timezone.now()).total_seconds()))


def _next_change():
    from articles.models import Article, BreakingNews

    now = timezone.now()
    scheduled = Article.objects.scheduled().values("pk")
    moments = Article.objects.aggregate(
        scheduled=Min("published_at", filter=Q(pk__in=scheduled)),
        top_story=Min("top_story_until", filter=Q(is_top_story=True, top_story_until__gt=now)),
        pinned=Min("pinned_until", filter=Q(is_pinned=True, pinned_until__gt=now)),
    )
    moments["ribbon"] = BreakingNews.objects.filter(expires_at__gt=now).aggregate(
        at=Min("expires_at")
    )["at"]
    return min((moment for moment in moments.values() if moment), default=None)


def _is_anonymous(request) -> bool:
    # Decided from the cookie: looking up a session costs a query a cached page must not.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pages:{generation()}:{get_language()}:{request.method}:{path}"


CACHEABLE_STATUS = {200, 301, 404, 410}


def public_page(view):
    """Serve anonymous readers from the page cache; tell browsers and CDNs how long."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.NEWSROOM_PAGE_CACHE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
            return response
        key = _key(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            ttl = min(settings.NEWSROOM_PAGE_CACHE_SECONDS, seconds_until_next_change())
            if _storable(response) and ttl > 0:
                _mark_public(response, ttl)
                cache.set(key, response, ttl)
                return response
        else:
            ttl = min(settings.NEWSROOM_PAGE_CACHE_SECONDS, seconds_until_next_change())
        if _storable(response):
            _mark_public(response, ttl)
        return response

    return wrapper


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUS
        and not response.streaming
        and "no-store" not in cache_control
        and "private" not in cache_control
        and not response.cookies
    )


def _mark_public(response, ttl: int) -> None:
    browser = min(settings.NEWSROOM_BROWSER_CACHE_SECONDS, ttl)
    shared = min(settings.NEWSROOM_CDN_CACHE_SECONDS, ttl)
    response.headers.pop("Cache-Control", None)
    patch_cache_control(
        response,
        public=True,
        max_age=browser,
        s_maxage=shared,
        stale_while_revalidate=shared * 5,
    )
    patch_vary_headers(response, ("Cookie",))


class AdminChangesMiddleware:
    """Anything saved in the admin (a rubrik, a ribbon, a page, a bulk action) may change
    what readers see: a successful admin POST starts a new page generation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and response.status_code in (200, 302)
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            invalidate()
        return response
