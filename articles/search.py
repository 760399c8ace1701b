"""Finding published articles: full-text search on PostgreSQL, a plain fallback elsewhere.

On PostgreSQL the words of headline, summary and body are kept, weighted, in a stored
document column with a GIN index (migration 0009), in the server's Indonesian text-search
configuration when it has one, else ``simple``; results are ranked with the headline
weighing most. On SQLite every
word must appear in the headline, summary or body; headline matches rank first.
"""

import re
import unicodedata
from functools import cache

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be shortened."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    too_long = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), too_long


def terms_of(query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return list(dict.fromkeys(w for w in words if len(w) > 1))[:MAX_TERMS]


@cache
def search_config() -> str:
    """'indonesian' if this PostgreSQL has it, else 'simple'."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        return "indonesian" if cursor.fetchone() else "simple"


def search(query: str):
    """Published articles matching ``query``, best first."""
    # The body is loaded: a result without a summary shows the passage that matched.
    articles = Article.objects.published().for_listing().defer(None)
    if connection.vendor == "postgresql":
        return _postgresql(articles, query)
    return _fallback(articles, query)


DOCUMENT_COLUMN = "search_document"
DOCUMENT_INDEX = "article_search_document_idx"


def document_sql(config: str, table: str = "") -> str:
    """The unweighted document of migration 0006's index (kept for that migration)."""
    prefix = f'"{table}".' if table else ""
    columns = " || ' ' || ".join(
        f"coalesce({prefix}{name}, '')" for name in ("headline", "summary", "body")
    )
    return f"to_tsvector('{config}'::regconfig, {columns})"


def _postgresql(articles, query):
    """Matched, ranked and counted on the stored, weighted document (migration 0009):
    headline words weigh most (A), then the summary's (B), then the body's (C)."""
    config = search_config()
    document = f'"{Article._meta.db_table}".{DOCUMENT_COLUMN}'
    tsquery = f"websearch_to_tsquery('{config}'::regconfig, %s)"
    # Only our own names and the detected configuration are formatted into the SQL; the
    # reader's words always travel as a parameter.
    matches = RawSQL(f"{document} @@ {tsquery}", [query], output_field=BooleanField())  # noqa: S611
    rank = RawSQL(f"ts_rank_cd({document}, {tsquery})", [query], output_field=FloatField())  # noqa: S611
    return articles.filter(matches).annotate(rank=rank).order_by("-rank", "-published_at", "-id")


def _fallback(articles, query):
    words = terms_of(query)
    if not words:
        return articles.none()
    for word in words:
        articles = articles.filter(
            Q(headline__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    in_headline = Q()
    for word in words:
        in_headline &= Q(headline__icontains=word)
    return articles.annotate(
        rank=Case(When(in_headline, then=Value(2)), default=Value(1), output_field=IntegerField())
    ).order_by(F("rank").desc(), "-published_at", "-id")


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
