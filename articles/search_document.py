"""The stored search document of articles (PostgreSQL): headline, summary and body words,
weighted, in one column with a GIN index, created by migration 0009. The reader site
searches it (``reader/search.py``); bulk loads drop the index and build it again."""

DOCUMENT_COLUMN = "search_document"
DOCUMENT_INDEX = "article_search_document_idx"
# As migration 0009 creates it (PostgreSQL only); bulk loads drop it and build it again.
DOCUMENT_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {DOCUMENT_INDEX} ON articles_article USING GIN ({DOCUMENT_COLUMN})"
)
