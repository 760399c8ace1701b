"""The front page's stories: which article goes in which block, then the articles.

First the IDs of every block (top story, pinned, latest, the home province, a block per
rubrik), light single-column queries sent as one UNION ALL where the database allows
it; then all their articles in one query. Building and compiling a full list query per
block cost more than running it; this way each article row is fetched and built once.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Value

from articles.models import Article, Category, Region

LATEST_COUNT = 10
PINNED_COUNT = 3
PER_CATEGORY = 4
REGION_COUNT = 6


def stories() -> dict:
    newest = Article.objects.published().order_by("-published_at", "-id")
    home = Region.objects.filter(code=settings.NEWSROOM_HOME_PROVINCE).first()
    categories = list(Category.objects.all())
    wanted = {
        "top": newest.top_stories()[:1],
        "pinned": newest.pinned()[: PINNED_COUNT + 1],
        "latest": newest[: LATEST_COUNT + PINNED_COUNT + 1],
    }
    if home:
        wanted["region"] = newest.in_region(home)[:REGION_COUNT]
    for category in categories:
        wanted[f"category:{category.pk}"] = newest.filter(category=category)[:PER_CATEGORY]
    ids = _ids_by_block(wanted)
    every = {pk for block in ids.values() for pk in block}
    articles = Article.objects.published().for_listing().in_bulk(every)

    def pick(block, exclude=(), count=None):
        chosen = [articles[pk] for pk in ids.get(block, []) if pk in articles and pk not in exclude]
        return chosen[:count]

    top = (pick("top") or pick("latest") or [None])[0]
    shown = {top.pk} if top else set()
    pinned = pick("pinned", exclude=shown, count=PINNED_COUNT)
    shown |= {article.pk for article in pinned}
    blocks = [(category, pick(f"category:{category.pk}")) for category in categories]
    return {
        "top_story": top,
        "pinned": pinned,
        "latest": pick("latest", exclude=shown, count=LATEST_COUNT),
        "home_region": home,
        "regional": pick("region"),
        "category_blocks": [(category, items) for category, items in blocks if items],
        "nav_categories": categories,
    }


def _ids_by_block(wanted: dict) -> dict[str, list[int]]:
    """Each block's article IDs, newest first: one query where the database can combine
    limited, ordered parts (PostgreSQL), else one light query per block."""
    parts = {name: query.values_list("pk", flat=True) for name, query in wanted.items()}
    if not connection.features.supports_slicing_ordering_in_compound:
        return {name: list(query) for name, query in parts.items()}
    labelled = [
        query.annotate(block=Value(name)).values_list("block", "pk", "published_at")
        for name, query in parts.items()
    ]
    rows = sorted(  # a UNION ALL keeps no promise of order: newest first again
        labelled[0].union(*labelled[1:], all=True), key=lambda row: (row[2], row[1]), reverse=True
    )
    ids: dict[str, list[int]] = {name: [] for name in parts}
    for block, pk, _published in rows:
        ids[block].append(pk)
    return ids
