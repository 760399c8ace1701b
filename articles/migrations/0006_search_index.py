"""The full-text index behind /cari/ (PostgreSQL only; SQLite searches without one)."""

from django.db import migrations

INDEX = "article_search_idx"


def document_sql(config: str) -> str:
    """The searched text as a tsvector (replaced by a stored column in migration 0009)."""
    columns = " || ' ' || ".join(
        f"coalesce({name}, '')" for name in ("headline", "summary", "body")
    )
    return f"to_tsvector('{config}'::regconfig, {columns})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        config = "indonesian" if cursor.fetchone() else "simple"
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING GIN ({document_sql(config)})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_front_page_and_readership")]

    operations = [migrations.RunPython(create, drop)]
