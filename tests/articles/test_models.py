import pytest

from articles.models import Article, slug_from
from tests.factories import make_article, make_source, make_user

pytestmark = pytest.mark.django_db


def test_slug_is_filled_from_the_headline_and_cut_at_a_word():
    article = make_article(
        headline="Pamitan Tanpa Air Mata, Danrem 064/MY Tinggalkan Kenangan " * 3
    )
    assert article.slug.startswith("pamitan-tanpa-air-mata-danrem-064my")
    assert len(article.slug) <= 80 and not article.slug.endswith("-")


def test_slug_is_never_empty():
    assert slug_from("!!!") == "berita"


def test_body_is_sanitized_on_every_save():
    article = make_article(
        body='<p onclick="steal()">Aman<script>alert(1)</script></p>'
        '<p><a href="javascript:alert(1)">tautan</a> <img src=x onerror=alert(1)></p>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "onerror" not in article.body
    assert "<p>Aman</p>" in article.body


def test_body_keeps_the_formatting_editors_use():
    html = (
        "<h2>Sub</h2><p><strong>tebal</strong> <em>miring</em> "
        '<a href="https://example.com/">tautan</a></p>'
        "<ul><li><p>satu</p></li></ul><ol><li><p>dua</p></li></ol><blockquote><p>kutipan</p></blockquote>"
    )
    article = make_article(body=html)
    article.refresh_from_db()
    for fragment in ("<h2>", "<strong>", "<em>", 'href="https://example.com/"', "<ul>", "<ol>"):
        assert fragment in article.body
    assert "<blockquote>" in article.body


def test_signoff_defaults_to_the_reporters_initials():
    reporter = make_user(initials="str")
    article = make_article(author=reporter, signoff="")
    assert article.signoff == "str"


def test_dateline_uses_the_sources_label():
    source = make_source(dateline_label="beritaindonesianet")
    article = make_article(dateline_place="serang", source=source)
    assert article.dateline_place == "SERANG"
    assert article.dateline == "SERANG, beritaindonesianet –"


def test_rendered_body_opens_with_the_dateline_and_closes_with_the_signoff():
    source = make_source(dateline_label="beritaindonesianet")
    article = make_article(
        source=source,
        body="<p>Pertama.</p><p>Terakhir.</p>",
        signoff="str",
        dateline_place="SERANG",
    )
    html = str(article.rendered_body())
    assert html.startswith(
        '<p><span class="dateline">SERANG, beritaindonesianet –</span> Pertama.</p>'
    )
    assert html.endswith('Terakhir. <span class="signoff">(str)</span></p>')


def test_rendered_body_escapes_dateline_and_signoff():
    source = make_source(dateline_label="<b>x</b>")
    article = make_article(source=source, signoff="a<b")
    html = str(article.rendered_body())
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_byline_falls_back_to_the_source():
    source = make_source(name="beritaindonesianet")
    assert make_article(source=source, author=None).byline == "beritaindonesianet"
    reporter = make_user(first_name="Siti", last_name="Rahma")
    assert make_article(author=reporter).byline == "Siti Rahma"


def test_absolute_url_holds_id_and_slug():
    article = make_article(headline="Danrem Pamit")
    assert article.get_absolute_url() == f"/berita/{article.pk}/danrem-pamit/"


def test_str_is_the_headline():
    assert str(make_article(headline="Judul")) == "Judul"
    assert Article._meta.get_field("status").default == Article.Status.DRAFT
