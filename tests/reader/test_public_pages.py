from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_image, make_user, region

pytestmark = pytest.mark.django_db

NOT_PUBLIC = {
    "draft": {"status": Article.Status.DRAFT},
    "review": {"status": Article.Status.REVIEW},
    "scheduled": {"published_at": "future"},
}


def not_public_article(state, **fields):
    options = dict(NOT_PUBLIC[state])
    if options.get("published_at") == "future":
        options["published_at"] = timezone.now() + timedelta(hours=2)
    return make_article(tags=["rahasia"], **options, **fields)


def listing_urls(article):
    return [
        reverse("reader:headlines"),
        article.category.get_absolute_url(),
        article.region.get_absolute_url(),
        article.region.province.get_absolute_url(),
        reverse("reader:tag", args=[article.tags.get().slug]),
        article.source.get_absolute_url(),
    ]


def test_every_public_page_shows_a_published_article(client):
    article = make_article(headline="Istighosah Maulid di Serang", tags=["maulid"])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Istighosah Maulid di Serang" in response.text
    for url in listing_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert article.get_absolute_url() in response.text, url


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_readers_get_404_for_an_article_that_is_not_public(client, state):
    article = not_public_article(state)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(reverse("reader:detail-short", args=[article.pk])).status_code == 404


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_listings_never_show_an_article_that_is_not_public(client, state):
    article = not_public_article(state, headline="Judul yang belum boleh tampil")
    for url in listing_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Judul yang belum boleh tampil" not in response.text, url


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_staff_who_may_edit_can_preview_an_article_that_is_not_public(editor_client, state):
    article = not_public_article(state, headline="Pratinjau redaksi")
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Pratinjau redaksi" in response.text
    assert "Pratinjau:" in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_staff_without_the_change_permission_cannot_preview(client):
    article = not_public_article("draft")
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_published_article_pages_are_not_marked_as_previews(editor_client):
    article = make_article()
    response = editor_client.get(article.get_absolute_url())
    assert "Pratinjau:" not in response.text
    assert "X-Robots-Tag" not in response


def test_a_wrong_slug_redirects_permanently_to_the_canonical_url(client):
    article = make_article(headline="Danrem Pamit")
    response = client.get(reverse("reader:detail", args=[article.pk, "judul-lama"]))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    response = client.get(reverse("reader:detail-short", args=[article.pk]))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_id_is_404(client):
    assert client.get(reverse("reader:detail", args=[999999, "x"])).status_code == 404


def test_article_page_shows_dateline_signoff_dates_and_links(client, settings):
    settings.SITE_URL = "https://berita.example.id"
    article = make_article(
        tags=["posyandu"],
        body="<p>Kader posyandu berkumpul.</p><p>Selesai.</p>",
        lead_image=make_image(caption="Kader posyandu", credit="Dok. DPMD"),
    )
    html = client.get(article.get_absolute_url()).text
    assert f'<span class="dateline">SERANG, {article.source.dateline_label} –</span>' in html
    assert '<span class="signoff">(str)</span>' in html
    assert "Diterbitkan" in html and " WIB</time>" in html
    assert article.category.get_absolute_url() in html
    assert article.region.get_absolute_url() in html
    assert "Kabupaten Serang, Banten" in html
    assert reverse("reader:tag", args=["posyandu"]) in html
    assert f'href="https://berita.example.id{article.get_absolute_url()}"' in html


def test_article_page_lists_related_stories_from_the_same_category(client):
    article = make_article()
    sibling = make_article(category=article.category, headline="Berita sekategori")
    other = make_article(headline="Berita rubrik lain")
    html = client.get(article.get_absolute_url()).text
    assert sibling.get_absolute_url() in html
    assert other.get_absolute_url() not in html


def test_headlines_put_the_pinned_top_story_first(client):
    make_article(headline="Paling baru")
    pinned = make_article(
        headline="Berita utama pilihan",
        is_top_story=True,
        published_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(reverse("reader:headlines"))
    assert response.context["top_story"] == pinned


def test_headlines_fall_back_to_the_newest_story(client):
    make_article(published_at=timezone.now() - timedelta(days=1))
    newest = make_article()
    assert client.get(reverse("reader:headlines")).context["top_story"] == newest


def test_headlines_show_a_block_per_category_in_navigation_order(client):
    second = make_category(name="Keamanan", position=2)
    first = make_category(name="Pemerintahan", position=1)
    outside = region("32.73")  # not the home province: no story in its block
    for _ in range(6):
        make_article(category=second, region=outside)
    make_article(category=first, region=outside)
    other = make_category(name="Religi", position=3)
    for _ in range(11):  # newer: the top story and "Terkini", which the blocks skip
        make_article(category=other, region=outside)
    blocks = client.get(reverse("reader:headlines")).context["category_blocks"]
    assert [category for category, _items in blocks] == [first, second]
    assert len(blocks[1][1]) == 4
    newest_first = [a.published_at for a in blocks[1][1]]
    assert newest_first == sorted(newest_first, reverse=True)


def test_headlines_page_says_so_when_nothing_is_published(client):
    response = client.get(reverse("reader:headlines"))
    assert response.status_code == 200
    assert "Belum ada berita yang terbit." in response.text


def test_province_page_includes_its_regencies_and_regency_page_does_not_include_others(client):
    kabupaten = make_article(region=region("36.04"), headline="Di Kabupaten Serang")
    kota = make_article(region=region("36.73"), headline="Di Kota Serang")
    elsewhere = make_article(region=region("32.73"), headline="Di Kota Bandung")
    banten = client.get(region("36").get_absolute_url()).text
    assert kabupaten.headline in banten and kota.headline in banten
    assert elsewhere.headline not in banten
    regency = client.get(region("36.04").get_absolute_url()).text
    assert kabupaten.headline in regency and kota.headline not in regency


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", ""])
def test_bad_or_out_of_range_pages_are_404_not_500(client, settings, page):
    settings.NEWSROOM_PAGE_SIZE = 2
    category = make_category()
    for _ in range(3):
        make_article(category=category)
    response = client.get(category.get_absolute_url(), {"page": page})
    assert response.status_code == (200 if page == "" else 404)


def test_listing_paginates(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    category = make_category()
    articles = [
        make_article(category=category, published_at=timezone.now() - timedelta(hours=n))
        for n in range(1, 4)
    ]
    first = client.get(category.get_absolute_url())
    assert list(first.context["articles"]) == articles[:2]
    assert 'rel="next" href="?page=2"' in first.text
    second = client.get(category.get_absolute_url(), {"page": 2})
    assert list(second.context["articles"]) == articles[2:]
    assert client.get(category.get_absolute_url(), {"page": 3}).status_code == 404
    assert 'rel="prev" href="?page=1"' in second.text and 'rel="next"' not in second.text


def test_unknown_listing_subjects_are_404(client):
    for name in ("category", "region", "tag", "source"):
        assert client.get(reverse(f"reader:{name}", args=["tidak-ada"])).status_code == 404


def test_404_page_is_the_sites_own(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


def test_500_page_renders_without_a_database(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Terjadi gangguan" in html


def test_story_items_made_once_still_follow_every_change_to_what_they_show(client):
    """List items are kept per version: a new headline, a renamed rubrik or region, a new
    photo, an advertorial label or another language shows at once, never an old item."""
    category = make_category(name="Pemerintahan")
    article = make_article(headline="Judul pertama", category=category, region=region("36.04"))
    listing = category.get_absolute_url()
    assert "Judul pertama" in client.get(listing).content.decode()
    Article.objects.filter(pk=article.pk).update(headline="Judul kedua")
    assert "Judul kedua" in client.get(listing).content.decode()
    Article.objects.filter(pk=article.pk).update(kind="advertorial")
    category.name = "Pemerintahan Daerah"
    category.save()
    page = client.get(listing).content.decode()
    assert "Judul kedua" in page and "Judul pertama" not in page
    assert "Pemerintahan Daerah" in page and "Advertorial" in page
    assert "item__image" not in page
    Article.objects.filter(pk=article.pk).update(lead_image=make_image(alt="Foto baru"))
    assert "item__image" in client.get(listing).content.decode()
    day = timezone.localtime(article.published_at).strftime("%A")  # English day name
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert day in client.get(listing).content.decode()


def test_the_page_frame_made_once_still_follows_rubriks_language_and_year(client):
    """The head links, masthead and footer are kept per version too: a new or renamed
    rubrik is in the navigation at once, the switch to English changes them, and so does
    a new year."""
    category = make_category(name="Hukum")
    make_article(category=category)
    home = reverse("reader:headlines")
    nav = client.get(home).content.decode().split("</nav>")[0]
    assert f'href="{category.get_absolute_url()}">Hukum</a>' in nav
    category.name = "Hukum dan Kriminal"
    category.save()
    make_category(name="Olahraga")
    nav = client.get(home).content.decode().split("</nav>")[0]
    assert "Hukum dan Kriminal" in nav and "Olahraga" in nav
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(home).content.decode()
    assert "Skip to content" in page and "Search news" in page
    later = timezone.now().replace(year=timezone.now().year + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert f"© {later.year}" in client.get(home).content.decode()


def test_the_article_page_shows_every_tag_with_its_link_whatever_its_name(client):
    names = ["Banjir, Serang", 'Kata "kunci"', "Ulama’ Banten", "zakat"]
    article = make_article(tags=names)
    page = client.get(article.get_absolute_url()).text
    for tag in article.tags.all():
        assert f'href="{reverse("reader:tag", args=[tag.slug])}"' in page
    assert "#Banjir, Serang" in page and "#Kata &#34;kunci&#34;" in page  # escaped
    assert page.index("#Banjir, Serang") < page.index("#zakat")  # by name
    assert client.get(make_article().get_absolute_url()).status_code == 200  # no tags at all
