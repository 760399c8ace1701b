"""Who may call the content API, how often, and how much each key used.

Checked before the page cache (``gate``), so a response served from the
cache is still counted and limited, and without a query to the database: a key is looked
up in the shared cache (its digest → id and limit, or "revoked"), asked of the database
once per ``KEY_CACHE_SECONDS`` and forgotten at once when the admin revokes or changes it.
Requests per key per day are counted in the shared cache and written to ``ApiKeyUsage``
by the worker (``record_usage``, every minute). While Redis is away each process counts
alone (``infra.cache.shared_or_local``): limits hold per process, and the usage of those
minutes is not recorded.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiKey, ApiKeyUsage, digest_of
from infra import ratelimit
from infra.addresses import client_address
from infra.cache import add_to_count, shared_or_local
from infra.tasks import retried

KEY_CACHE_SECONDS = 300
# Requests a process counts before adding them to the shared count (infra.ratelimit).
RATE_BATCH = 10
USAGE_KEEP_SECONDS = 3 * 24 * 3600


@dataclass(frozen=True)
class Caller:
    """A key as the gate knows it: its id and its limit per minute."""

    pk: int
    limit: int


UNKNOWN, REVOKED = "unknown", "revoked"


def key_from(request) -> str | None:
    """The key a request carries: ``Authorization: Bearer <key>`` or ``X-Api-Key``."""
    header = request.headers.get("Authorization", "")
    scheme, _space, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-Api-Key", "").strip() or None


def _cache_key(digest: str) -> str:
    return f"apikey:{digest}"


def lookup(key: str) -> Caller | str:
    """The caller for ``key``, or ``UNKNOWN`` or ``REVOKED``."""
    if len(key) > 200:
        return UNKNOWN
    digest = digest_of(key)
    cache = shared_or_local()
    known = cache.get(_cache_key(digest))
    if known is None:
        row = (
            ApiKey.objects.filter(digest=digest)
            .values_list("pk", "requests_per_minute", "revoked_at")
            .first()
        )
        if row is None:
            known = UNKNOWN
        elif row[2] is not None:
            known = REVOKED
        else:
            known = (row[0], row[1])
        cache.set(_cache_key(digest), known, KEY_CACHE_SECONDS)
    return Caller(*known) if isinstance(known, (tuple, list)) else known


def forget(api_key: ApiKey) -> None:
    """After the admin revokes or changes a key: every process asks the database again
    (the shared cache is where they look). Run once the change commits."""
    transaction.on_commit(lambda: shared_or_local().delete(_cache_key(api_key.digest)))


def _usage_key(pk: int, day) -> str:
    return f"apiuse:{pk}:{day.isoformat()}"


def count_use(caller: Caller) -> None:
    add_to_count(_usage_key(caller.pk, timezone.localdate()), 1, USAGE_KEEP_SECONDS)


@task()
@retried(attempts=3)
def record_usage() -> int:
    """Write each key's counts of today and yesterday to ``ApiKeyUsage``; returns how many
    rows were written. The cache holds the day's total: a row only ever grows to it (a
    count lost with Redis does not lower what was recorded)."""
    today = timezone.localdate()
    days = (today - timedelta(days=1), today)
    active_since = timezone.now() - timedelta(days=2)
    keys = list(ApiKey.objects.exclude(revoked_at__lt=active_since).values_list("pk", flat=True))
    wanted = {_usage_key(pk, day): (pk, day) for pk in keys for day in days}
    counts = shared_or_local().get_many(list(wanted))
    written = 0
    for cache_key, total in counts.items():
        pk, day = wanted[cache_key]
        row, created = ApiKeyUsage.objects.get_or_create(
            key_id=pk, day=day, defaults={"requests": total}
        )
        if not created and row.requests < total:
            ApiKeyUsage.objects.filter(pk=row.pk).update(requests=Greatest(F("requests"), total))
        written += 1
    return written


def refusal(status: int, message: str, **headers) -> HttpResponse:
    """The API's answer to a request it refuses: JSON with the reason, never cached."""
    response = HttpResponse(
        json.dumps({"detail": message}), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def gate(request, get_response):
    """Keys, anonymous access and rate limits for ``/api/``, before its cached answers
    (``infra.middleware.GateMiddleware`` calls it, named in ``NEWSROOM_GATES``). The
    OpenAPI description and its documentation page are open to everyone."""
    if request.path_info.endswith(("/openapi.json", "/docs")):
        return get_response(request)
    key = key_from(request)
    if key is None:
        if not settings.NEWSROOM_API_ANONYMOUS:
            return refusal(
                401,
                _("API ini memerlukan kunci: kirim 'Authorization: Bearer <kunci>'."),
                WWW_Authenticate="Bearer",
            )
        within, retry_after = ratelimit.allowed(
            "api", client_address(request) or "unknown", batch=RATE_BATCH
        )
    else:
        caller = lookup(key)
        if caller == REVOKED:
            return refusal(401, _("Kunci API ini sudah dicabut."), WWW_Authenticate="Bearer")
        if caller == UNKNOWN:
            return refusal(401, _("Kunci API tidak dikenal."), WWW_Authenticate="Bearer")
        within, retry_after = ratelimit.allowed(
            "api-key", str(caller.pk), caller.limit, batch=RATE_BATCH
        )
        count_use(caller)
    if not within:
        return refusal(
            429,
            _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)s detik.")
            % {"seconds": retry_after},
            Retry_After=str(retry_after),
        )
    return get_response(request)
