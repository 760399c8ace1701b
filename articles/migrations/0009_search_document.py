"""Search at a million articles: the weighted words of each article kept in a stored,
generated column with its own GIN index, so matching, ranking and counting read the
prepared document instead of parsing every matching article's text again (PostgreSQL
only; SQLite searches without one)."""

from django.db import migrations

COLUMN = "search_document"
INDEX = "article_search_document_idx"
OLD_INDEX = "article_search_idx"


def _config(schema_editor) -> str:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        return "indonesian" if cursor.fetchone() else "simple"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = _config(schema_editor)
    weighted = " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({name}, '')), '{weight}')"
        for name, weight in (("headline", "A"), ("summary", "B"), ("body", "C"))
    )
    schema_editor.execute(
        f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({weighted}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING GIN ({COLUMN})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    # Statistics for the new column at once: without them the planner takes a common
    # word for a rare one and reads every match (seconds instead of milliseconds).
    schema_editor.execute("ANALYZE articles_article")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = _config(schema_editor)
    columns = " || ' ' || ".join(
        f"coalesce({name}, '')" for name in ("headline", "summary", "body")
    )
    schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON articles_article "
        f"USING GIN (to_tsvector('{config}'::regconfig, {columns}))"
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_ingestion")]

    operations = [migrations.RunPython(create, drop)]
