"""Old addresses keep working: WordPress permalinks, /?p=123, category and tag pages."""

from django.http import HttpResponsePermanentRedirect

from articles.models import LegacyURL

QUERY_KEYS = ("p", "page_id")


class LegacyRedirectMiddleware:
    """301 from an old address to its new page, looked up only when nothing else answered
    (a 404), or for the front page asked with WordPress's ?p= parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD"):
            for key in QUERY_KEYS:
                value = request.GET.get(key, "")
                if value.isdigit():
                    legacy = _find(f"?p={value}")
                    if legacy:
                        return HttpResponsePermanentRedirect(legacy.get_absolute_url())
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            path = request.path if request.path.endswith("/") else f"{request.path}/"
            legacy = _find(request.path) or _find(path)
            if legacy:
                return HttpResponsePermanentRedirect(legacy.get_absolute_url())
        return response


def _find(old_path: str):
    return (
        LegacyURL.objects.select_related("article", "category", "tag")
        .filter(old_path=old_path)
        .first()
    )
