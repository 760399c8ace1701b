"""Readers' side of web push: the service worker (from the site's own origin), the
server's public key, subscribing and leaving (no cookie: the browser's endpoint is the
only identity), and the click on an alert (counted first-party, then the story)."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Category, Region
from push import services, webpush
from push.models import BREAKING, category_topic, region_topic

MAX_BODY = 4096


def service_worker(request):
    """``/sw.js``: served from the root so it may show alerts for the whole site."""
    path = finders.find("js/sw.js")
    response = HttpResponse(Path(path).read_bytes(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def server_key(request):
    """The server's public key and the topics a reader may choose (breaking news, the
    home province's regencies and cities, the rubriks), for the opt-in dialog."""
    areas = Region.objects.filter(province__code=settings.NEWSROOM_HOME_PROVINCE).order_by("name")
    topics = [{"key": BREAKING, "label": _("Berita terkini"), "group": "breaking"}]
    topics += [
        {"key": region_topic(area.code), "label": area.name, "group": "region"} for area in areas
    ]
    topics += [
        {"key": category_topic(category.slug), "label": category.name, "group": "rubrik"}
        for category in Category.objects.order_by("position", "name")
    ]
    return JsonResponse({"key": webpush.application_server_key(), "topics": topics})


def _refused(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _same_origin(request) -> bool:
    """Posted by the site's own page (no cookie to protect: the browser's origin says)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"
    return origin == f"{request.scheme}://{request.get_host()}"


def _body(request) -> dict | None:
    if request.content_type != "application/json" or len(request.body) > MAX_BODY:
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def unknown_topics(topics: list[str]) -> set[str]:
    """The chosen topics that name no region or rubrik (looked up for these alone)."""
    codes = {topic.removeprefix("region:") for topic in topics if topic.startswith("region:")}
    slugs = {topic.removeprefix("rubrik:") for topic in topics if topic.startswith("rubrik:")}
    known = (
        {BREAKING}
        | {
            region_topic(c)
            for c in Region.objects.filter(code__in=codes).values_list("code", flat=True)
        }
        | {
            category_topic(s)
            for s in Category.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        }
    )
    return set(topics) - known


@csrf_exempt
@require_POST
def subscribe(request):
    """``{"subscription": PushSubscription.toJSON(), "topics": [...]}``."""
    if not _same_origin(request):
        return _refused(_("Permintaan dari situs lain ditolak."))
    data = _body(request)
    subscription = (data or {}).get("subscription")
    topics = (data or {}).get("topics")
    keys = subscription.get("keys") if isinstance(subscription, dict) else None
    if (
        not isinstance(keys, dict)
        or not isinstance(subscription.get("endpoint"), str)
        or not all(isinstance(keys.get(name), str) for name in ("p256dh", "auth"))
        or not isinstance(topics, list)
        or not all(isinstance(topic, str) for topic in topics)
    ):
        return _refused(_("Data langganan notifikasi tidak dikenali."))
    if not services.allowed_endpoint(subscription["endpoint"]):
        return _refused(_("Layanan push peramban ini tidak dikenal."))
    if not topics or unknown_topics(topics):
        return _refused(_("Pilih setidaknya satu topik yang ada."))
    services.subscribe(
        endpoint=subscription["endpoint"],
        p256dh=keys["p256dh"][:200],
        auth=keys["auth"][:100],
        topics=topics,
    )
    response = JsonResponse({"topics": sorted(set(topics))}, status=201)
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_POST
def unsubscribe(request):
    if not _same_origin(request):
        return _refused(_("Permintaan dari situs lain ditolak."))
    data = _body(request)
    if not data or not isinstance(data.get("endpoint"), str):
        return _refused(_("Data langganan notifikasi tidak dikenali."))
    services.unsubscribe(endpoint=data["endpoint"])
    return HttpResponse(status=204)


@require_GET
def click(request, pk):
    """An alert opened: counted, then the story (never a draft or a preview)."""
    article = services.count_click(pk)
    if article is None:
        raise Http404(_("Berita ini tidak tersedia."))
    response = redirect(article)
    add_never_cache_headers(response)
    return response
