"""Every feed as a feed reader sees it: text comes out as the text that was typed, whatever
was typed, and bodies carry only sanitized markup."""

import html
import re

import feedparser
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.factories import make_article, make_category
from tests.fuzz.conftest import HOSTILE_TEXT, examples, rolled_back

pytestmark = pytest.mark.django_db

# What an editor can type or paste into a text field (the form refuses only NUL).
typed = st.one_of(
    st.sampled_from([t for t in HOSTILE_TEXT if t.strip() and "\x00" not in t]),
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), min_size=1),
).map(lambda text: text[:150])

HOSTILE_BODY = (
    '<p onclick="x()">Isi <a href="javascript:alert(1)">tautan</a></p>'
    '<script>alert(1)</script><img src=x onerror="alert(1)"><iframe src="https://x"></iframe>'
    '<p><a href="https://example.com/" style="color:red">baik</a></p>'
)
DANGEROUS = re.compile(r"<script|<iframe|\son\w+\s*=|javascript:|style=", re.IGNORECASE)


def feeds_of(article):
    category, region, tag = article.category, article.region, article.tags.get()
    return [
        reverse("reader:feed"),
        reverse("reader:feed-atom"),
        reverse("reader:category-feed", args=[category.slug]),
        reverse("reader:category-feed-atom", args=[category.slug]),
        reverse("reader:region-feed", args=[region.slug]),
        reverse("reader:region-feed-atom", args=[region.slug]),
        reverse("reader:tag-feed", args=[tag.slug]),
        reverse("reader:tag-feed-atom", args=[tag.slug]),
    ]


def seen(detail) -> str:
    """What a reader shows for a parsed text construct: HTML rendered, text as it is."""
    if detail.type == "text/html":
        assert "<" not in detail.value, f"markup created: {detail.value!r}"
        return html.unescape(detail.value)
    assert detail.type == "text/plain", detail.type
    return detail.value


def as_read(detail, typed_text: str) -> bool:
    """Whether the reader shows the typed text. feedparser (as some readers do) repairs
    text that looks like UTF-8 mis-read as Latin-1 ("Â¡" for "¡"): that is its reading of
    the same characters, so either form is the typed text."""
    text, expected = seen(detail).strip(), shown(typed_text)
    try:
        repaired = expected.encode("latin-1").decode("utf-8")
    except UnicodeError:
        repaired = expected
    return text in (expected, repaired.strip())


def shown(text: str) -> str:
    """The typed text as a feed can carry it: XML has no place for most control
    characters (C1 ones are dropped too: readers take them as Windows-1252), and readers
    trim the ends. XML itself reads every line ending as a line feed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "", text).strip()


@examples(1)
@given(headline=typed, summary=typed, description=typed)
def test_every_feed_carries_typed_text_as_text_and_only_sanitized_bodies(
    client, headline, summary, description
):
    with rolled_back():
        _feeds_carry_text(client, headline, summary, description)


def _feeds_carry_text(client, headline, summary, description):
    category = make_category(description=description)
    article = make_article(
        headline=headline, summary=summary, body=HOSTILE_BODY, category=category, tags=["x"]
    )
    for url in feeds_of(article):
        response = client.get(url)
        assert response.status_code == 200, url
        etree.fromstring(response.content)  # well-formed XML, whatever was typed
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        [entry] = feed.entries
        assert as_read(entry.title_detail, headline), url
        # A story without a summary is described by its headline.
        assert as_read(entry.summary_detail, summary if shown(summary) else headline), url
        if "/rubrik/" in url and shown(description):  # else the rubrik's title stands in
            assert as_read(feed.feed.subtitle_detail, description), url
        raw = etree.fromstring(response.content)
        bodies = raw.xpath("//*[local-name()='encoded' or local-name()='content']/text()")
        assert bodies, url
        for body in bodies:
            assert not DANGEROUS.search(body), (url, body)
            assert "baik" in body
