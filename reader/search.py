"""Finding published articles: full-text search on PostgreSQL, a plain fallback elsewhere.

On PostgreSQL the words of headline, summary and body are kept, weighted, in a stored
document column with a GIN index (migration 0009), in the server's Indonesian text-search
configuration when it has one, else ``simple``; results are ranked with the headline
weighing most. On SQLite every
word must appear in the headline, summary or body; headline matches rank first.
"""

import re
import unicodedata
from contextlib import contextmanager
from functools import cache

from django.db import connection, connections, router, transaction
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import Expression
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from articles.models import Article
from articles.search_document import DOCUMENT_COLUMN
from infra.internals import table_reference

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 1000
MAX_TERMS = 12


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be shortened."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    too_long = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), too_long


def how_many_found(count: int) -> str:
    """'12 berita ditemukan.', or that more were found than are ranked."""
    if count >= MAX_RESULTS:
        return gettext(
            "Lebih dari %(total)s berita ditemukan; yang terbaru ditampilkan, "
            "yang paling cocok lebih dulu."
        ) % {"total": MAX_RESULTS}
    return ngettext("%(total)s berita ditemukan.", "%(total)s berita ditemukan.", count) % {
        "total": count
    }


def terms_of(query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return list(dict.fromkeys(w for w in words if len(w) > 1))[:MAX_TERMS]


@cache
def search_config() -> str:
    """'indonesian' if this PostgreSQL has it, else 'simple'."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        return "indonesian" if cursor.fetchone() else "simple"


@contextmanager
def planned_for_its_words():
    """Run a search on one database with a plan made for its own words; yields the
    database alias the search must use (``queryset.using(alias)``).

    Statements are prepared (settings: server-side binding), and after a few runs
    PostgreSQL may switch a prepared statement to one generic plan for any words. For a
    search that is a trap: a rare name wants the GIN index, a word in half the archive
    wants the newest rows first, and the generic plan for 'any word' made a rare name
    fifty times slower at a million articles. Inside this block every statement on that
    database is planned for its parameters.
    """
    alias = router.db_for_read(Article)  # one replica for the whole search, not one per query
    if connections[alias].vendor != "postgresql":
        yield alias
        return
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SELECT current_setting('plan_cache_mode')")
        before = cursor.fetchone()[0]
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield alias  # an error rolls the block back, and the setting with it
        # Also inside a caller's transaction, nothing after this block is planned this way.
        cursor.execute("SELECT set_config('plan_cache_mode', %s, true)", [before])


def search(query: str):
    """Published articles matching ``query``, best first: among the newest
    ``MAX_RESULTS`` matches, so a word found in half the archive ('banten') costs what a
    rare one does, not a ranking and a count of half a million articles."""
    # The body is loaded: a result without a summary shows the passage that matched.
    articles = Article.objects.published().for_listing().defer(None)
    if connection.vendor == "postgresql":
        return _postgresql(articles, query)
    return _fallback(articles, query)


def matching(articles, query: str):
    """``articles`` narrowed to those matching ``query``, in their own order (the content
    API pages through them by date)."""
    if connection.vendor == "postgresql":
        return articles.filter(_Matches(query, search_config()))
    words = terms_of(query)
    if not words:
        return articles.none()
    for word in words:
        articles = articles.filter(
            Q(headline__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    return articles


def _newest(matches, articles):
    """The newest ``MAX_RESULTS`` of ``matches``, as the articles to rank."""
    newest = matches.order_by("-published_at", "-id").values("pk")[:MAX_RESULTS]
    return articles.filter(pk__in=newest)


class _OnDocument(Expression):
    """SQL on the stored document of the query's own table, under whatever alias the
    table has there (a subquery renames it), with the reader's words as a parameter."""

    template = ""

    def __init__(self, words: str, config: str):
        super().__init__()
        self.words, self.config = words, config

    def as_sql(self, compiler, connection):
        table = table_reference(compiler)
        tsquery = f"websearch_to_tsquery('{self.config}'::regconfig, %s)"
        document = f"{table}.{DOCUMENT_COLUMN}"
        return self.template.format(document=document, tsquery=tsquery), [self.words]


class _Matches(_OnDocument):
    output_field = BooleanField()
    template = "{document} @@ {tsquery}"


class _Rank(_OnDocument):
    output_field = FloatField()
    template = "ts_rank_cd({document}, {tsquery})"


def _postgresql(articles, query):
    """Matched, ranked and counted on the stored, weighted document (migration 0009):
    headline words weigh most (A), then the summary's (B), then the body's (C)."""
    config = search_config()  # only our own names and this are formatted into the SQL
    ranked = _newest(matching(articles, query), articles).annotate(rank=_Rank(query, config))
    return ranked.order_by("-rank", "-published_at", "-id")


def _fallback(articles, query):
    words = terms_of(query)
    if not words:
        return articles.none()
    in_headline = Q()
    for word in words:
        in_headline &= Q(headline__icontains=word)
    return (
        _newest(matching(articles, query), articles)
        .annotate(
            rank=Case(
                When(in_headline, then=Value(2)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by(F("rank").desc(), "-published_at", "-id")
    )


def highlight(text: str, words: list[str]):
    """Escape ``text`` and mark the searched words (and words starting with them)."""
    safe = escape(text)
    if not words:
        return mark_safe(safe)  # noqa: S308 (escaped above)
    pattern = re.compile(r"\b(" + "|".join(re.escape(escape(w)) for w in words) + r")", re.I)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", safe))  # noqa: S308 (escaped text)


def snippet(article, words: list[str], length: int = 40):
    """The summary, or the part of the body around the first match."""
    if article.summary:
        return highlight(article.summary, words)
    text = strip_tags(getattr(article, "body", "") or "")
    lowered = text.lower()
    positions = [lowered.find(w) for w in words if lowered.find(w) >= 0]
    start = max(0, min(positions) - 80) if positions else 0
    excerpt = Truncator(text[start:]).words(length)
    return highlight(("… " if start else "") + excerpt, words)
