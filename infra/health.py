"""/healthz for load balancers and monitors: the database and the cache answer."""

import time

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers


def healthz(request):
    checks = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        key, value = "healthz:probe", str(time.time())
        cache.set(key, value, 30)
        checks["cache"] = "ok" if cache.get(key) == value else "error: value not returned"
    except Exception as error:
        checks["cache"] = f"error: {error.__class__.__name__}"
    healthy = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response


def ceiling(request):
    """Benchmarks only: the cheapest possible page of a given size, through the same
    middleware as every page (the ceiling real pages are compared with)."""
    size = request.GET.get("bytes", "20000")
    if not size.isdigit():
        return HttpResponseBadRequest("bytes: a whole number of bytes", content_type="text/plain")
    size = min(int(size), 2_000_000)
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")
