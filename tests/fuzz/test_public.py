"""The reader site under bad input: every public URL with malformed path values, query
strings, methods and headers. Never a 5xx, and never a page kept in the cache from a bad
request that other readers then get."""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from infra import pagecache
from tests.fuzz.conftest import (
    assert_answered,
    bad_id,
    bad_value,
    each_case_alone,
    examples,
)

pytestmark = pytest.mark.django_db


def public_routes() -> list[str]:
    """Every URL outside the admin, as a template with ``{name}`` for each parameter."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(entry.pattern))
            text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text).strip("^$")
            if isinstance(entry, URLResolver):
                if not text.startswith("admin/"):
                    walk(entry.url_patterns, prefix + text)
            else:
                routes.append(prefix + text)

    walk(get_resolver().url_patterns, "/")
    return routes


ROUTES = public_routes()

QUERY = ["page", "q", "sort", "urut", "token", "next", "amp", "fbclid", "utm_source", "p"]

HEADERS = {
    "HTTP_IF_NONE_MATCH": ["*", 'W/"x"', '"' + "a" * 500 + '"', "garbage", ""],
    "HTTP_IF_MODIFIED_SINCE": [
        "garbage",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 32 Foo 2025 99:99:99 GMT",
        "",
    ],
    "HTTP_IF_UNMODIFIED_SINCE": ["Thu, 01 Jan 1970 00:00:00 GMT", "garbage"],
    "HTTP_RANGE": ["bytes=abc", "bytes=0-0,1-1,2-2", "bytes=-1", "bytes=99999999999-"],
    "HTTP_ACCEPT_LANGUAGE": ["en", "en-US,en;q=0.9", "*", "zz-ZZ;q=abc", "x" * 300, ";;;,"],
    "HTTP_ACCEPT_ENCODING": ["br", "gzip;q=0", "*", "identity;q=0"],
    "HTTP_ACCEPT": ["application/json", "*/*;q=abc", "text/html;level=9999"],
    "HTTP_COOKIE": ["django_language=en", "django_language=zz", "csrftoken=" + "x" * 64, "=;;"],
    "HTTP_X_FORWARDED_PROTO": ["https", "gopher"],
    "HTTP_X_FORWARDED_FOR": ["1.2.3.4", "garbage, , 999.1.1.1"],
    "HTTP_REFERER": ["javascript:alert(1)", "https://l.facebook.com/"],
    "HTTP_USER_AGENT": ["", "Googlebot", "\u202e"],
}


# What a header can carry on the wire: Latin-1 text (WSGI decodes header bytes so).
header_text = st.text(st.characters(max_codepoint=255, exclude_categories=("Cc",)), max_size=200)


def path_value(route, name, newsroom, draw) -> str:
    """A path parameter: a real value for this route (more often than not), or a bad one."""
    published = newsroom.articles["published"]
    slugs = {
        "/rubrik/": published.category.slug,
        "/wilayah/": published.region.slug,
        "/tag/": newsroom.tag.slug,
        "/sumber/": published.source.slug,
    }
    real = {
        "pk": [str(article.pk) for article in newsroom.articles.values()],
        "slug": [slug for prefix, slug in slugs.items() if route.startswith(prefix)]
        or [published.slug],
        "username": ["redaktur", "wartawan"],
        "section": ["articles", "rubrik", "wilayah", "halaman"],
        "token": ["abc"],
        "path": ["images/x.jpg"],
    }.get(name, [])
    choices = st.sampled_from(real) if real else st.nothing()
    return quote(draw(st.one_of(choices, choices, bad_id)), safe="%")


def reader_sees(client, url):
    response = client.get(url)
    content = response.content if not response.streaming else b"".join(response)
    # Each response carries its own CSP nonce; the page around it must be the same.
    return response.status_code, re.sub(rb'nonce="[^"]*"', b"", content)


@examples(4)
@given(data=st.data())
def test_every_public_url_answers_any_request_and_keeps_the_cache_clean(newsroom, data):
    # The page cache on, as in production (a settings fixture would stack once per case).
    with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300), each_case_alone(newsroom):
        _public_url_answers(newsroom, data)


def _public_url_answers(newsroom, data):
    route = data.draw(st.sampled_from(ROUTES), label="route")
    names = re.findall(r"\{(\w+)\}", route)
    path = route.format(**{name: path_value(route, name, newsroom, data.draw) for name in names})
    query = data.draw(st.dictionaries(st.sampled_from(QUERY), bad_value, max_size=3))
    names = data.draw(st.lists(st.sampled_from(sorted(HEADERS)), max_size=4, unique=True))
    headers = {
        name: data.draw(st.one_of(st.sampled_from(HEADERS[name]), header_text), label=name)
        for name in names
    }
    method = data.draw(st.sampled_from(["get", "get", "head", "post", "put", "delete", "options"]))
    signed_in = data.draw(st.sampled_from(["pembaca", "pembaca", "redaktur"]), label="who")

    reader = Client()
    pagecache._kept.clear()
    cache.clear()
    expected = reader_sees(reader, path)
    pagecache._kept.clear()
    cache.clear()

    client = newsroom.clients[signed_in]
    response = getattr(client, method)(path, query, **headers)
    assert_answered(response)

    assert reader_sees(reader, path) == expected, "a bad request changed what readers get"
