"""What Google and social networks read on an article page."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Source
from tests.factories import make_article, make_image, make_user, region

pytestmark = pytest.mark.django_db

SITE = "https://berita.example.id"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Berita Banten"


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}"\s+content="([^"]*)"', html)
    return match and match.group(1)


@pytest.fixture
def story(chief):
    author = make_user(
        username="siti", first_name="Siti", last_name="Rahma", bio="Wartawan Serang."
    )
    image = make_image(renditions=True, size=(2000, 1500), caption="Istighosah", credit="Budi")
    article = make_article(
        headline="Pemkab Serang Gelar Istighosah",
        summary="Ribuan warga hadir.",
        author=author,
        lead_image=image,
        region=region("36.04"),
        tags=["maulid", "istighosah"],
        published_at=timezone.now() - timedelta(days=1),
    )
    services.add_correction(article=article, user=chief, kind="ralat", text="Jumlah peserta 3.000.")
    article.refresh_from_db()
    return article


def test_news_article_json_ld_has_what_google_asks_for(client, story):
    html = client.get(story.get_absolute_url()).text
    data = json_ld(html)
    url = f"{SITE}{story.get_absolute_url()}"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Pemkab Serang Gelar Istighosah"
    assert data["mainEntityOfPage"]["@id"] == url
    assert len(data["image"]) == 3
    assert all(image.startswith(f"{SITE}/media/renditions/") for image in data["image"])
    ratios = [re.search(r"/(16x9|4x3|1x1)-(\d+)-", image).groups() for image in data["image"]]
    assert [ratio for ratio, _w in ratios] == ["16x9", "4x3", "1x1"]
    assert all(int(width) >= 1200 for _r, width in ratios)
    assert data["datePublished"].endswith("+07:00") and data["dateModified"].endswith("+07:00")
    assert data["author"] == [
        {"@type": "Person", "name": "Siti Rahma", "url": f"{SITE}/penulis/siti/"}
    ]
    assert data["publisher"]["name"] == "Berita Banten"
    assert data["publisher"]["logo"]["url"].startswith(f"{SITE}/static/img/logo")
    assert data["articleSection"] == story.category.name
    assert sorted(data["keywords"]) == ["istighosah", "maulid"]
    assert data["contentLocation"]["name"] == "Kabupaten Serang, Banten"
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"] == "Jumlah peserta 3.000."


def test_visible_dates_match_the_structured_data(client, story):
    html = client.get(story.get_absolute_url()).text
    data = json_ld(html)
    assert f'Diterbitkan <time datetime="{data["datePublished"]}">' in html
    assert f'Diperbarui <time datetime="{data["dateModified"]}">' in html
    assert meta(html, "article:published_time") == data["datePublished"]
    assert meta(html, "article:modified_time") == data["dateModified"]


def test_open_graph_twitter_canonical_and_robots(client, story):
    html = client.get(story.get_absolute_url()).text
    url = f"{SITE}{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "og:url") == url and meta(html, "og:type") == "article"
    assert meta(html, "og:title") == story.headline
    assert meta(html, "og:image").startswith(f"{SITE}/media/renditions/")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "description") == "Ribuan warga hadir."
    assert "max-image-preview:large" in meta(html, "robots")


def test_json_ld_cannot_be_broken_out_of(client):
    article = make_article(headline="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_previews_carry_no_structured_data(editor_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert "application/ld+json" not in editor_client.get(draft.get_absolute_url()).text


def test_wire_copy_can_be_kept_out_of_google_news(client):
    wire = Source.objects.create(name="Kantor", slug="k", kind="wire", syndication="noindex_news")
    html = client.get(make_article(source=wire).get_absolute_url()).text
    assert '<meta name="Googlebot-News" content="noindex">' in html


def test_partner_copy_can_point_its_canonical_link_to_the_original(client):
    partner = Source.objects.create(name="Mitra", slug="m", kind="partner", syndication="canonical")
    article = make_article(source=partner, original_url="https://mitra.example.com/asli")
    html = client.get(article.get_absolute_url()).text
    assert '<link rel="canonical" href="https://mitra.example.com/asli">' in html
    assert "Googlebot-News" not in html
    own = make_article()
    assert (
        f'<link rel="canonical" href="{SITE}{own.get_absolute_url()}">'
        in client.get(own.get_absolute_url()).text
    )


def test_share_links_are_plain_links(client, story):
    html = client.get(story.get_absolute_url()).text
    for host in (
        "https://wa.me/",
        "https://www.facebook.com/sharer/",
        "https://x.com/intent/",
        "https://t.me/share/",
    ):
        assert host in html
    assert "connect.facebook.net" not in html and "platform.twitter.com" not in html


def test_author_pages_show_bio_photo_and_published_stories(client, story, settings):
    author = story.author
    author.photo = make_image(renditions=True, size=(600, 600))
    author.save()
    draft = make_article(
        author=author, status=Article.Status.DRAFT, published_at=None, headline="Draf"
    )
    response = client.get(reverse("reader:author", args=["siti"]))
    assert response.status_code == 200
    assert "Siti Rahma" in response.text and "Wartawan Serang." in response.text
    assert "<picture>" in response.text
    assert story.get_absolute_url() in response.text and draft.headline not in response.text
    article_page = client.get(story.get_absolute_url()).text
    assert re.search(r'href="/penulis/siti/"\s+rel="author"', article_page)


def test_people_without_published_stories_have_no_author_page(client):
    make_user(username="editor-only")
    make_article(author=make_user(username="drafter"), status="draft", published_at=None)
    assert client.get(reverse("reader:author", args=["editor-only"])).status_code == 404
    assert client.get(reverse("reader:author", args=["drafter"])).status_code == 404
    assert client.get(reverse("reader:author", args=["nobody"])).status_code == 404


def test_author_page_queries_do_not_grow(client, django_assert_max_num_queries):
    author = make_user(username="rajin")
    for _ in range(15):
        make_article(author=author)
    with django_assert_max_num_queries(6):
        client.get(reverse("reader:author", args=["rajin"]))


def test_a_long_headline_is_whole_in_the_structured_data_as_on_the_page(client):
    headline = "Pemprov Banten " + "dan Pemkab Serang menggelar rapat koordinasi banjir " * 3
    article = make_article(headline=headline.strip()[:200])
    html = client.get(article.get_absolute_url()).text
    assert json_ld(html)["headline"] == article.headline == meta(html, "og:title")


def test_the_outlet_as_byline_carries_a_url(client):
    outlet = Source.objects.create(
        name="Humas Pemkab Serang", slug="humas-serang", homepage_url="https://serangkab.go.id/"
    )
    wire = Source.objects.create(name="Kantor Berita", slug="kantor-berita", kind="wire")
    for source, url in (
        (outlet, "https://serangkab.go.id/"),
        (wire, f"{SITE}/sumber/kantor-berita/"),
    ):
        article = make_article(source=source, author=None)
        author = json_ld(client.get(article.get_absolute_url()).text)["author"][0]
        assert author == {"@type": "Organization", "name": source.name, "url": url}


def test_a_story_without_a_photo_still_shares_a_large_picture(client):
    # Before the worker draws its card: the site's own 1200×630 card (tests/reader/
    # test_share_cards.py has the story's own card).
    html = client.get(make_article(lead_image=None).get_absolute_url()).text
    assert meta(html, "twitter:card") == "summary_large_image"
    assert "share-card" in meta(html, "twitter:image")
