from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from infra.precompiled import Precompiled, prefetched
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def public_by_id():
    return Precompiled(
        lambda pk, now: (
            Article.objects.published(now=now).select_related("category", "region")
        ).filter(pk=pk),
        pk=int,
        now=datetime,
    )


def test_a_precompiled_query_returns_what_the_orm_returns_for_each_value():
    now = timezone.now()
    shown = make_article(headline="Sudah terbit")
    later = make_article(headline="Terbit nanti", published_at=now + timedelta(hours=1))
    query = public_by_id()
    for pk, moment in [(shown.pk, now), (later.pk, now), (later.pk, now + timedelta(hours=2))]:
        expected = list(
            Article.objects.published(now=moment).select_related("category").filter(pk=pk)
        )
        found = query(pk=pk, now=moment)
        assert found == expected
        assert [a.category.name for a in found] == [a.category.name for a in expected]
    assert query(pk=later.pk, now=now) == []
    assert query(pk=later.pk, now=now + timedelta(hours=2))[0].headline == "Terbit nanti"


def test_a_precompiled_query_compiles_once_and_then_only_runs(
    monkeypatch, django_assert_num_queries
):
    article = make_article()
    query = public_by_id()
    compiled = []
    original = Precompiled._compile
    monkeypatch.setattr(
        Precompiled,
        "_compile",
        staticmethod(lambda *args: compiled.append(1) or original(*args)),
    )
    for _ in range(3):
        with django_assert_num_queries(1):
            assert query(pk=article.pk, now=timezone.now())[0].pk == article.pk
    assert len(compiled) == 2  # on the first call: the statement and its twin (the check)


def test_list_values_and_constants_each_get_their_own_statement():
    first, second, third = make_article(), make_article(), make_article()
    query = Precompiled(
        lambda ids, newest_first: Article.objects.filter(pk__in=ids).order_by(
            "-pk" if newest_first else "pk"
        ),
        ids=[int],
    )
    assert [a.pk for a in query(ids=[first.pk, third.pk], newest_first=False)] == [
        first.pk,
        third.pk,
    ]
    assert [a.pk for a in query(ids=[first.pk, second.pk, third.pk], newest_first=True)] == [
        third.pk,
        second.pk,
        first.pk,
    ]
    assert [a.pk for a in query(ids=[second.pk, third.pk], newest_first=True)] == [
        third.pk,
        second.pk,
    ]


def test_a_value_that_never_reaches_the_sql_is_refused_loudly():
    query = Precompiled(lambda pk: Article.objects.all(), pk=int)
    with pytest.raises(ValueError, match="'pk' does not reach the SQL"):
        query(pk=1)


def test_rows_handed_over_as_prefetched_are_read_without_a_query(django_assert_num_queries):
    article = make_article()
    Correction.objects.create(article=article, kind="ralat", text="Nama diperbaiki.")
    article.tags.add("banjir", "serang")
    corrections = Precompiled(lambda pk: Correction.objects.filter(article_id=pk), pk=int)
    tags = Precompiled(lambda pk: Article(pk=pk).tags.get_queryset(), pk=int)
    fresh = Article.objects.get(pk=article.pk)
    prefetched(fresh, "corrections", corrections(pk=article.pk))
    prefetched(fresh, "tags", tags(pk=article.pk))
    with django_assert_num_queries(0):
        assert [c.text for c in fresh.corrections.all()] == ["Nama diperbaiki."]
        assert sorted(t.name for t in fresh.tags.all()) == ["banjir", "serang"]
    assert list(fresh.tags.all()) == list(Article.objects.get(pk=article.pk).tags.all())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan cache")
def test_a_generic_plan_is_asked_for_only_around_its_own_statement():
    article = make_article()
    query = Precompiled(lambda pk: Article.objects.filter(pk=pk), generic_plan=True, pk=int)
    with CaptureQueriesContext(connection) as captured:
        assert query(pk=article.pk)[0].pk == article.pk
    statements = [q["sql"] for q in captured.captured_queries]
    assert statements[0] == "SET plan_cache_mode = force_generic_plan"
    assert statements[-1] == "RESET plan_cache_mode" and len(statements) == 3
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"


def test_running_a_statement_leaves_the_compiled_queryset_as_it_was():
    article = make_article()
    query = public_by_id()
    assert query(pk=article.pk, now=timezone.now()) == [article]
    (statement,) = query._statements.values()
    assert statement.queryset._result_cache is None
    assert "get_compiler" not in statement.queryset.query.__dict__
    assert query(pk=0, now=timezone.now()) == []  # a fresh run, not the rows of the last


# --- misuse fails loudly, never with wrong rows -------------------------------------------


def test_a_48_hour_window_computed_from_the_stand_in_is_refused():
    last_48_hours = Precompiled(
        lambda now: Article.objects.filter(published_at__gte=now - timedelta(hours=48)),
        now=datetime,
    )
    with pytest.raises(TypeError, match="cannot be computed with"):
        last_48_hours(now=timezone.now())


def test_the_same_window_declared_as_its_own_value_returns_the_orms_rows():
    recent = make_article(published_at=timezone.now() - timedelta(hours=2))
    make_article(published_at=timezone.now() - timedelta(hours=72))
    since = Precompiled(
        lambda since: Article.objects.filter(published_at__gte=since), since=datetime
    )
    assert since(since=timezone.now() - timedelta(hours=48)) == [recent]


@pytest.mark.parametrize(
    "derive",
    [
        lambda pk: pk + 1,
        lambda pk: -pk,
        lambda pk: pk * 2,
        lambda pk: pk // 2,
        lambda pk: 1 if pk > 0 else 2,
    ],
    ids=["add", "neg", "mul", "floordiv", "compare"],
)
def test_arithmetic_or_comparison_on_an_int_stand_in_is_refused(derive):
    query = Precompiled(lambda pk: Article.objects.filter(pk=derive(pk)), pk=int)
    with pytest.raises(TypeError, match="cannot be computed with"):
        query(pk=1)


def test_a_value_derived_another_way_is_found_by_building_twice():
    """``replace()`` is allowed on the stand-in (the database adapters use it), so the
    derived start of the day is only caught by comparing two builds."""
    today = Precompiled(
        lambda now: Article.objects.filter(
            published_at__lte=now, published_at__gte=now.replace(hour=0, minute=0)
        ),
        now=datetime,
    )
    with pytest.raises(ValueError, match="computed from a precompiled value"):
        today(now=timezone.now())


def test_built_shapes_are_kept_in_a_bounded_cache(monkeypatch):
    from infra import precompiled

    monkeypatch.setattr(precompiled, "MAX_SHAPES", 4)
    query = Precompiled(lambda ids: Article.objects.filter(pk__in=ids), ids=[int])
    for length in range(1, 12):
        query(ids=list(range(1, length + 1)))
        assert len(query._built) <= 4
        assert len(query._statements) <= 4
