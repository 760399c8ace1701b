"""The content API, read-only JSON at ``/api/v1/`` (django-ninja).

Thin: each operation asks ``api.content`` and returns what it gives; the shapes are in
``api.schemas``. Keys and limits are checked before the page cache
(``api.keys.gate``); answers are cached like pages (``api/urls.py``).
"""

from datetime import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Query, Status, Swagger

from api import content, schemas
from api.ninjs import ninjs
from articles.models import Article

DESCRIPTION = """
Published stories of this newsroom as data: for the portal's own apps, partners who
republish regional stories, information screens and archive services. Read-only.

**Keys.** Send `Authorization: Bearer <key>` (or `X-Api-Key: <key>`). Keys are issued by
the newsroom; without one the API answers only if the newsroom allows anonymous use.
Past a key's limit per minute the answer is `429` with `Retry-After`.

**Caching.** Answers carry `ETag` and `Cache-Control`; ask again with `If-None-Match` for
a `304`. A change to a story reaches the API as it reaches the site's pages.

**Syncing.** Read `/changes/` from a moment, then keep asking with `next_cursor`: every
story published, updated, corrected, unpublished, trashed, taken down or deleted comes in
order; withdrawn ones as tombstones without their content.

Times are ISO 8601 with their offset, in Western Indonesia Time (WIB, +07:00).
"""

# The documentation page (Swagger UI, served from this site) sets inline styles.
_DOCS_CSP = {
    **settings.SECURE_CSP,
    "style-src": [*settings.SECURE_CSP["style-src"], "'unsafe-inline'"],
}

api = NinjaAPI(
    title=f"{settings.SITE_NAME} — API konten",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_decorator=csp_override(_DOCS_CSP),
)

NOT_FOUND = {404: schemas.Error, 410: schemas.Error}
BAD = {400: schemas.Error}


def _answer(schema, data) -> HttpResponse:
    """``data`` checked against its schema and written as JSON by pydantic (django-ninja's
    own check of a returned dict costs several times more: it reads it as an object)."""
    return HttpResponse(
        schema.model_validate(data).model_dump_json(), content_type="application/json"
    )


@api.exception_handler(content.BadRequest)
def bad_request(request, error):
    return api.create_response(request, {"detail": str(error)}, status=400)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _missing(pk: int):
    """Not public: gone (410) with the public note if taken down, else not found."""
    removed = Article.objects.taken_down().filter(pk=pk).first()
    if removed is not None:
        note = f"{removed.get_takedown_reason_display()}: {removed.takedown_note}"
        return Status(410, {"detail": note})
    return Status(404, {"detail": "Artikel tidak ditemukan."})


@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, **BAD},
    url_name="articles",
    summary="Public stories, newest first",
    tags=["articles"],
)
def articles(
    request,
    rubrik: str | None = Query(None, description="A rubrik's slug."),
    region: str | None = Query(
        None,
        description="A region's slug or Kemendagri code; a province includes its regencies "
        "and cities (region=36 or region=banten: all of Banten).",
    ),
    tag: str | None = Query(None, description="A tag's slug."),
    source: str | None = Query(None, description="A source's slug."),
    author: str | None = Query(None, description="An author's username."),
    type: str | None = Query(
        None, description="news, opinion, advertorial, press_release or gallery."
    ),
    updated_since: datetime | None = Query(
        None, description="Only stories changed at or after this moment (ISO 8601)."
    ),
    q: str | None = Query(None, description="Words to search for, as on the site's search."),
    cursor: str | None = Query(None, description="The 'next_cursor' of the previous page."),
    limit: int | None = Query(None, description="Stories per page, 1 to 100 (default 20)."),
):
    rows, following = content.stories(
        rubrik=rubrik,
        region=region,
        tag=tag,
        source=source,
        author=author,
        kind=type,
        updated_since=_aware(updated_since),
        q=q,
        cursor=cursor,
        limit=limit,
    )
    return _answer(
        schemas.ArticlePage,
        {"items": [content.story_data(a) for a in rows], "next_cursor": following},
    )


ARTICLE_PARAMS = (
    "rubrik",
    "region",
    "tag",
    "source",
    "author",
    "type",
    "updated_since",
    "q",
    "cursor",
    "limit",
)


@api.get(
    "/articles/{pk}/",
    response={200: schemas.Article, **NOT_FOUND},
    url_name="article",
    summary="One story, with everything in one answer",
    tags=["articles"],
)
def article(request, pk: int):
    found = content.story(pk)
    if found is None:
        return _missing(pk)
    return _answer(schemas.Article, content.story_data(found))


@api.get(
    "/changes/",
    response={200: schemas.ChangePage, **BAD},
    url_name="changes",
    summary="Every change to what the public sees, in order",
    tags=["sync"],
)
def changes(
    request,
    since: datetime | None = Query(
        None, description="Start after this moment (ISO 8601); omitted: from the beginning."
    ),
    cursor: str | None = Query(None, description="The 'next_cursor' of the previous answer."),
    limit: int | None = Query(None, description="Changes per answer, 1 to 100 (default 20)."),
):
    items, following, more = content.changes(since=_aware(since), cursor=cursor, limit=limit)
    return _answer(schemas.ChangePage, {"items": items, "next_cursor": following, "has_more": more})


CHANGES_PARAMS = ("since", "cursor", "limit")


@api.get(
    "/ninjs/{pk}/",
    response={200: dict, **NOT_FOUND},
    url_name="ninjs",
    summary="One story as IPTC ninjs 2.1",
    description="The story in IPTC's News in JSON format, version 2.1 "
    "(http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json).",
    tags=["articles"],
)
def ninjs_article(request, pk: int):
    found = content.story(pk)
    if found is None:
        return _missing(pk)
    return JsonResponse(ninjs(found))


@api.get("/rubriks/", response=schemas.RubrikList, url_name="rubriks", tags=["reference"])
def rubriks(request):
    """Every rubrik (section)."""
    return _answer(schemas.RubrikList, {"items": content.rubriks()})


@api.get(
    "/regions/", response={200: schemas.RegionList, **BAD}, url_name="regions", tags=["reference"]
)
def regions(
    request,
    level: str | None = Query(None, description="province, regency or city."),
    province: str | None = Query(
        None, description="A province's code or slug: its regencies and cities."
    ),
):
    """The official Indonesian areas (Kemendagri codes), with their levels and provinces."""
    return _answer(schemas.RegionList, {"items": content.regions(level=level, province=province)})


REGION_PARAMS = ("level", "province")


@api.get("/sources/", response=schemas.SourceList, url_name="sources", tags=["reference"])
def sources(request):
    """Every source: the newsroom itself, agencies, partners, press releases."""
    return _answer(schemas.SourceList, {"items": content.sources()})


@api.get("/authors/", response=schemas.AuthorList, url_name="authors", tags=["reference"])
def authors(request):
    """Everyone with a byline on a public story."""
    return _answer(schemas.AuthorList, {"items": content.authors()})
