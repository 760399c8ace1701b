"""The content API's addresses (``/api/v1/``), each answer cached like a reader's page:
served from the page cache, invalidated by the same changes, with ETag and
Cache-Control. ``params`` name the query parameters an answer depends on (any other is
ignored by the cache, as for pages)."""

from django.urls import URLPattern

from api import views
from infra.pagecache import public_page

PARAMS = {
    "articles": views.ARTICLE_PARAMS,
    "changes": views.CHANGES_PARAMS,
    "regions": views.REGION_PARAMS,
}
# The change feed moves with the clock (it stays a few seconds behind the present), so it
# is kept only for seconds; everything else until the next change, as pages are.
SECONDS = {"changes": 5}
NOT_CACHED = {"openapi-view"}  # the documentation page: a small HTML shell

app_name = "api"
patterns, _app_name, _namespace = views.api.urls
for pattern in patterns:
    if isinstance(pattern, URLPattern) and pattern.name not in NOT_CACHED:
        pattern.callback = public_page(
            pattern.callback,
            params=PARAMS.get(pattern.name, ()),
            seconds=SECONDS.get(pattern.name),
        )

urlpatterns = patterns
