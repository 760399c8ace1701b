"""Health checks that tell the truth, each part on its own.

- ``/healthz`` (liveness): 200 while this process can serve. It asks no other part: a
  load balancer or systemd restarting the site because Redis blinked would only add an
  outage to a hiccup.
- ``/healthz/ready`` (readiness, and the operator's view): every part — database,
  replicas, cache, worker queue, storage — as ``ok``, ``degraded`` or ``down``, with
  what is wrong. The answer is 200 while the site can serve readers (from the page cache
  if the database is away, from the database if the cache is), and 503 only when
  neither the database nor the cache answers. The parts are shared by every server, so
  a shared part failing must not make a load balancer take every server out at once.
"""

import os
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections
from django.db.models import Case, Count, F, Min, When
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from infra import routers
from infra.cache import shared_or_local

OK, DEGRADED, DOWN = "ok", "degraded", "down"
# run_worker signs its life every few seconds; none seen for this long: stopped.
WORKER_SILENT_SECONDS = 90
# A task waiting longer than this to start means the worker is behind or away.
TASK_LATE_SECONDS = 120


def healthz(request):
    response = JsonResponse({"status": OK})
    add_never_cache_headers(response)
    return response


def ready(request):
    parts = {
        "database": _database(),
        **{alias: _replica(alias) for alias in routers.replicas()},
        "cache": _cache(),
        "worker": _worker(),
        "storage": _storage(),
    }
    serving = parts["database"]["status"] == OK or parts["cache"]["status"] == OK
    statuses = {part["status"] for part in parts.values()}
    overall = OK if statuses == {OK} else DEGRADED if serving else DOWN
    response = JsonResponse({"status": overall, "parts": parts}, status=503 if not serving else 200)
    add_never_cache_headers(response)
    return response


def _part(status: str, detail: str = "") -> dict:
    return {"status": status, "detail": detail} if detail else {"status": status}


def _failure(error: Exception) -> str:
    return f"{error.__class__.__name__}: {error}".strip()[:300]


def _database() -> dict:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return _part(DOWN, _failure(error))
    return _part(OK)


def _replica(alias: str) -> dict:
    state = routers.state(alias, fresh=True)
    if state.lag is None:
        return _part(DOWN, f"skipped, reads go to the primary ({state.error})")
    detail = f"lag {state.lag:.1f} s"
    if state.status() == DEGRADED:
        detail += f", more than {settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS} s: skipped"
    return _part(state.status(), detail)


def _cache() -> dict:
    if not settings.REDIS_URL:
        return _part(OK, "local memory (no REDIS_URL)")
    key, value = "healthz:probe", str(time.time())
    if cache.set(key, value, 30) is False or cache.get(key) != value:
        return _part(DOWN, "Redis does not answer: pages are made from the database")
    return _part(OK)


def _storage() -> dict:
    failure = storage_failure()
    if failure:
        return _part(DOWN, f"{failure}: uploads are refused")
    return _part(OK)


def storage_failure() -> str:
    """'' if the media storage (disk or object storage) answers now, else what failed.
    The photo upload asks it too before it takes a file (``images.forms``)."""
    try:
        default_storage.exists("healthz-probe")
    except Exception as error:  # any storage backend, any failure
        return _failure(error)
    return ""


def _worker() -> dict:
    if settings.NEWSROOM_TASKS != "database":
        return _part(OK, "tasks run in the request (no worker)")
    try:
        work = background_work()
    except DatabaseError as error:
        return _part(DOWN, _failure(error))
    detail = f"{work['workers']} running, {work['waiting']} tasks waiting"
    if work["waiting"]:
        detail += f", the oldest for {work['oldest_seconds']} s"
    if not work["workers"]:
        return _part(DOWN, f"no worker seen for {WORKER_SILENT_SECONDS} s; {detail}")
    return _part(DEGRADED if work["late"] else OK, detail)


def background_work() -> dict:
    """The worker queue as the editors and the health check see it."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    from infra.models import Worker

    now = timezone.now()
    workers = Worker.objects.filter(
        seen_at__gte=now - timedelta(seconds=WORKER_SILENT_SECONDS)
    ).count()
    # Waiting since it was enqueued, or since its time came (a task run later on purpose:
    # a retry). django-tasks-db stores "no time set" as the year 9999.
    since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    waiting = DBTaskResult.objects.ready().aggregate(count=Count("pk"), oldest=Min(since))
    oldest = waiting["oldest"]
    oldest_seconds = max(0, int((now - oldest).total_seconds())) if oldest else 0
    return {
        "workers": workers,
        "waiting": waiting["count"],
        "oldest_seconds": oldest_seconds,
        "late": oldest_seconds > TASK_LATE_SECONDS,
    }


def signs_of_life() -> None:
    """run_worker, every few seconds: this worker is alive (and old signs are dropped)."""
    from infra.models import Worker

    now = timezone.now()
    Worker.objects.update_or_create(
        name=f"{socket.gethostname()}:{os.getpid()}"[:200], defaults={"seen_at": now}
    )
    Worker.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def pending_notice() -> str:
    """For editors, on every admin page: the worker is away and work waits for it."""
    if settings.NEWSROOM_TASKS != "database":
        return ""
    local = shared_or_local()
    work = local.get("health:background-work")
    if work is None:
        try:
            work = background_work()
        except DatabaseError:
            return ""
        local.set("health:background-work", work, 15)
    if not work["waiting"] or not (work["late"] or not work["workers"]):
        return ""
    return _(
        "Pekerja latar sedang tidak berjalan: %(count)s tugas menunggu, yang tertua sejak "
        "%(minutes)s menit lalu (potongan foto, umpan mitra). Artikel tetap bisa disimpan "
        "dan diterbitkan; foto tampil tanpa potongan baru sampai pekerja berjalan lagi."
    ) % {"count": work["waiting"], "minutes": max(1, work["oldest_seconds"] // 60)}


def background_work_context(request):
    """Context processor for the admin: ``pending_work`` (queried only if shown)."""
    return {"pending_work": SimpleLazyObject(pending_notice)}


def ceiling(request):
    """Benchmarks only: the cheapest possible page of a given size, through the same
    middleware as every page (the ceiling real pages are compared with)."""
    size = request.GET.get("bytes", "20000")
    if not size.isdigit():
        return HttpResponseBadRequest("bytes: a whole number of bytes", content_type="text/plain")
    size = min(int(size), 2_000_000)
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")
