"""The front page: which article goes in which block, each story once, then the articles.

First the IDs of every block (top story, pinned, latest, the home province, a block per
rubrik), light single-column queries sent as one UNION ALL where the database allows
it; then all their articles, and the most-read ones, in one query. Each article row is
fetched and built once, and every statement is compiled once per process
(``precompiled.py``): compiling these queries cost more than running them.
"""

from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Q, Value
from django.utils import timezone

from articles import readership
from articles.context_processors import nav_categories
from articles.models import Article, BreakingNews, Region, with_categories
from infra.precompiled import Precompiled

LATEST_COUNT = 10
PINNED_COUNT = 3
PER_CATEGORY = 4
REGION_COUNT = 6
MOST_READ_COUNT = 5
# A block below others reads this many more IDs than it shows, to fill its places with
# stories the blocks above do not show (stories of one rubrik are in no other rubrik).
ABOVE = 1 + PINNED_COUNT + LATEST_COUNT + REGION_COUNT
DAY, WEEK = 24, 24 * 7  # hours


def contents() -> dict:
    """Everything the headlines page shows. Down the page each story appears once: a
    block skips what a block above it shows (the top story, the editors' picks, the
    latest, the home province, the rubriks, in that order); the most-read lists, a
    ranking, may name any of them."""
    now = timezone.now()
    categories = nav_categories()
    code = settings.NEWSROOM_HOME_PROVINCE
    area = home_area(code=code)  # the home province with its regencies and cities
    home = next((region for region in area if region.code == code), None)
    areas = tuple(region.pk for region in area) if home else ()
    ids = _ids_by_block(now, tuple(category.pk for category in categories), areas)
    shown: set[int] = set()

    def pick(block, count):
        chosen = [pk for pk in ids.get(block, []) if pk not in shown][:count]
        shown.update(chosen)
        return chosen

    top = pick("top", 1) or pick("latest", 1)
    chosen = {
        "top": top,
        "pinned": pick("pinned", PINNED_COUNT),
        "latest": pick("latest", LATEST_COUNT),
        "region": pick("region", REGION_COUNT),
        **{
            f"category:{category.pk}": pick(f"category:{category.pk}", PER_CATEGORY)
            for category in categories
        },
    }
    most_read = readership.most_read_ids(DAY, WEEK, limit=MOST_READ_COUNT)
    every = {pk for block in [*chosen.values(), *most_read.values()] for pk in block}
    articles = _articles(every, now)
    with_categories(articles.values(), categories)

    def shown_in(pks):
        return [articles[pk] for pk in pks if pk in articles]

    blocks = [(c, shown_in(chosen[f"category:{c.pk}"])) for c in categories]
    breaking = next(iter(active_ribbon(now=now)), None)
    if breaking and breaking.article_id and not breaking.article.is_public:
        breaking.article = None  # never link readers to what is not public
    return {
        "breaking": breaking,
        "top_story": (shown_in(top) or [None])[0],
        "pinned": shown_in(chosen["pinned"]),
        "latest": shown_in(chosen["latest"]),
        "home_region": home,
        # The strip of the home province's regencies and cities, by name.
        "home_areas": sorted(
            (region for region in area if region.pk != (home.pk if home else None)),
            key=lambda region: region.name,
        ),
        "regional": shown_in(chosen["region"]),
        "category_blocks": [(category, items) for category, items in blocks if items],
        "nav_categories": categories,
        "most_read_day": shown_in(most_read[DAY]),
        "most_read_week": shown_in(most_read[WEEK]),
    }


home_area = Precompiled(
    lambda code: Region.objects.filter(Q(code=code) | Q(province__code=code)).order_by()
)
active_ribbon = Precompiled(
    lambda now: BreakingNews.objects.active(now=now).select_related("article")[:1], now=datetime
)


def _blocks(now, categories, areas) -> dict:
    """Each block's query for its article IDs, newest first."""
    newest = Article.objects.published(now=now).order_by("-published_at", "-id")
    wanted = {
        "top": newest.top_stories(now=now)[:1],
        "pinned": newest.pinned(now=now)[: PINNED_COUNT + 1],
        "latest": newest[: LATEST_COUNT + PINNED_COUNT + 1],
    }
    if areas:  # the home province and its regencies and cities
        wanted["region"] = newest.filter(region__in=areas)[: REGION_COUNT + ABOVE]
    for pk in categories:
        wanted[f"category:{pk}"] = newest.filter(category_id=pk)[: PER_CATEGORY + ABOVE]
    return {name: query.values_list("pk", flat=True) for name, query in wanted.items()}


def _union(now, categories, areas):
    labelled = [
        query.annotate(block=Value(name)).values_list("block", "pk", "published_at")
        for name, query in _blocks(now, categories, areas).items()
    ]
    return labelled[0].union(*labelled[1:], all=True)


block_rows = Precompiled(_union, generic_plan=True, now=datetime)
block_ids = Precompiled(
    lambda now, categories, areas, name: _blocks(now, categories, areas)[name], now=datetime
)


def _ids_by_block(now, categories, areas) -> dict[str, list[int]]:
    """Each block's article IDs, newest first: one query where the database can combine
    limited, ordered parts (PostgreSQL), else one light query per block."""
    names = ["top", "pinned", "latest", *(["region"] if areas else [])]
    names += [f"category:{pk}" for pk in categories]
    if not connection.features.supports_slicing_ordering_in_compound:
        return {
            name: block_ids(now=now, categories=categories, areas=areas, name=name)
            for name in names
        }
    rows = sorted(  # a UNION ALL keeps no promise of order: newest first again
        block_rows(now=now, categories=categories, areas=areas),
        key=lambda row: (row[2], row[1]),
        reverse=True,
    )
    ids: dict[str, list[int]] = {name: [] for name in names}
    for block, pk, _published in rows:
        ids[block].append(pk)
    return ids


listed = Precompiled(
    lambda ids, now: (
        Article.objects.published(now=now).for_listing(with_category=False).filter(pk__in=ids)
    ),
    ids=[int],
    now=datetime,
)


def _articles(ids: set[int], now) -> dict[int, Article]:
    # The IDs padded (with one that never exists) to a multiple of eight: a handful of
    # statements serve every request, and each stays small enough for psycopg to keep
    # its parsed form (at most 50 parameters).
    if not ids:
        return {}
    padded = [*ids, *[0] * (-len(ids) % 8)]
    return {article.pk: article for article in listed(ids=padded, now=now)}
