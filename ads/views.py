"""The ads' two public addresses: the impression beacon and the click redirect. Neither
sets a cookie or queries the database for an ad of the current catalog."""

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    RawPostDataException,
)
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ads import counting, slots
from ads.models import Ad
from infra.tallies import counts_as_reader

MAX_BEACON_BYTES = 200
MAX_ADS_PER_BEACON = 8


@csrf_exempt
@require_POST
def seen(request):
    """``ads.js`` reports the ads a reader saw: their IDs, comma-separated (text/plain)."""
    words = _ids(request)
    if words is None:
        return HttpResponseBadRequest(
            _("Laporan tayangan iklan tidak dikenali."), content_type="text/plain; charset=utf-8"
        )
    if counts_as_reader(request):
        for pk in {int(word) for word in words}:
            if slots.find(pk) is not None:
                counting.record(pk, counting.IMPRESSION)
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


def _ids(request) -> list[str] | None:
    """The beacon's ad IDs, or None when it is not one (another type, too long, not IDs)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if request.content_type != "text/plain" or not 0 < length <= MAX_BEACON_BYTES:
        return None
    try:
        body = request.body
    except RawPostDataException:  # read as a form already (a form's content type)
        return None
    words = body.decode("ascii", "replace").split(",")
    if len(words) > MAX_ADS_PER_BEACON or not all(
        word.strip().isascii() and word.strip().isdigit() for word in words
    ):
        return None
    return words


@require_GET
def click(request, pk):
    """A reader follows an ad: counted, then sent to the advertiser."""
    ad = slots.find(pk)
    link = ad.link_url if ad is not None else None
    if link is None:  # ended since the page was made: still the advertiser's link
        link = (
            Ad.objects.filter(pk=pk, kind=Ad.Kind.IMAGE)
            .exclude(link_url="")
            .values_list("link_url", flat=True)
            .first()
        )
    if not link:
        raise Http404(_("Iklan ini tidak ada lagi."))
    if counts_as_reader(request):
        counting.record(pk, counting.CLICK)
    response = HttpResponseRedirect(link)
    add_never_cache_headers(response)
    return response
