"""The benchmark's article generator: fast (COPY on PostgreSQL, bulk inserts elsewhere)
and producing real, public articles with every column filled."""

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from articles.search_document import DOCUMENT_INDEX
from reader import search

# Real transactions: COPY and rebuilding an index cannot run inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_articles_are_complete_published_stories():
    call_command("generate_articles", count=120, verbosity=0)
    call_command("generate_articles", count=30, verbosity=0)  # adds, does not repeat
    assert Article.objects.published().count() == 150
    assert Article.objects.values("import_key").distinct().count() == 150
    sample = Article.objects.select_related("category", "source").first()
    assert sample.headline and sample.body.startswith("<p>") and sample.category
    assert sample.source.dateline_label == "beritaindonesianet"
    assert sample.fingerprint == "" and sample.lock_version == 1
    tag_counts = [article.tags.count() for article in Article.objects.all()]
    assert max(tag_counts) == 4 and min(tag_counts) == 0
    assert sum(tag_counts) > 150  # most stories carry keywords, as a desk's do
    assert Article.objects.filter(tags__slug="banten").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and the GIN index")
def test_generating_on_postgresql_keeps_the_search_index():
    call_command("generate_articles", count=50, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [DOCUMENT_INDEX])
        assert cursor.fetchone()
    assert search.search(Article.objects.first().headline.split()[0]).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and the GIN index")
def test_a_search_index_lost_by_a_stopped_run_is_built_again_by_the_next():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {DOCUMENT_INDEX}")  # as a killed run left it
    call_command("generate_articles", count=10, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [DOCUMENT_INDEX])
        assert cursor.fetchone()
