"""Every private part of Django and the libraries that ``infra/internals.py`` uses, checked
against the installed versions. When an upgrade moves one, the test named after it fails
here, before a page quietly goes wrong."""

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.db.models.signals import post_init, post_save
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.csp import csp_override
from taggit.models import Tag

from articles.models import Article, Category
from infra import internals
from tests.factories import make_article


@pytest.mark.django_db
def test_a_row_marked_loaded_has_the_state_django_gives_a_loaded_row():
    make_category(name="Pemerintahan")
    by_django = Category.objects.get(name="Pemerintahan")
    ours = Category.__new__(Category)
    internals.mark_loaded(ours, db="default", fetch_mode=by_django._state.fetch_mode)
    assert vars(ours._state) == vars(by_django._state)
    assert internals.database_of(by_django) == "default"


def make_category(**fields):
    return Category.objects.create(slug=fields["name"].lower(), **fields)


@pytest.mark.django_db
def test_rows_set_as_prefetched_are_read_without_a_query(django_assert_num_queries):
    article = make_article(tags=["banjir"])
    tags = list(Tag.objects.order_by("name"))
    fresh = Article.objects.get(pk=article.pk)
    internals.set_prefetched(fresh, "tags", Tag, tags)
    with django_assert_num_queries(0):
        assert list(fresh.tags.all()) == tags


@pytest.mark.django_db
def test_a_compiled_statement_runs_again_with_new_values_like_the_orm():
    first = make_article(headline="Satu")
    second = make_article(headline="Dua")
    queryset = Article.objects.select_related("category").filter(pk=first.pk)
    compiler, sql, params = internals.compile_queryset(queryset, "default")
    assert first.pk in params
    converters = internals.converters_for(compiler, connection)
    changed = tuple(second.pk if param == first.pk else param for param in params)
    rows = internals.run_compiled(queryset, compiler, sql, changed, connection, converters)
    assert rows == [second]
    assert rows[0].category.name == second.category.name  # select_related still fills it
    assert queryset._result_cache is None  # the original queryset was not evaluated


@pytest.mark.django_db
def test_the_statements_own_table_is_named_as_the_database_quotes_it():
    compiler, _sql, _params = internals.compile_queryset(Article.objects.all(), "default")
    assert internals.table_reference(compiler) == connection.ops.quote_name("articles_article")


def test_a_response_given_a_policy_is_served_under_it_unless_its_view_chose_one(settings):
    from django.middleware.csp import ContentSecurityPolicyMiddleware

    request = RequestFactory().get("/admin/")
    given = HttpResponse()
    internals.give_csp(given, {"default-src": ["'none'"]})
    chosen = csp_override({"default-src": ["'self'"]})(lambda request: HttpResponse())(request)
    internals.give_csp(chosen, {"default-src": ["'none'"]})
    middleware = ContentSecurityPolicyMiddleware(lambda request: None)
    middleware.process_request(request)
    assert middleware.process_response(request, given)["Content-Security-Policy"] == (
        "default-src 'none'"
    )
    assert middleware.process_response(request, chosen)["Content-Security-Policy"] == (
        "default-src 'self'"
    )


def test_opening_the_cache_client_builds_it_without_connecting():
    backend = RedisCache("redis://127.0.0.1:1/0", {})  # nothing listens there
    assert "_cache" not in vars(backend)
    internals.open_cache_client(backend)
    assert "_cache" in vars(backend)


def test_imagekit_is_seen_to_track_no_fields_and_its_receivers_are_gone():
    from imagekit.specs.sourcegroups import signal_router

    assert isinstance(signal_router._source_groups, list)
    assert internals.imagekit_tracks_no_fields()
    uids = {key[0] for signal in (post_init, post_save) for key, _receiver, *_ in signal.receivers}
    assert "ik_spec_field_receivers" not in uids
