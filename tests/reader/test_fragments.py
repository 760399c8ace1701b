"""Fragments kept per process (list items, the page frame, photos) are proven against a
fresh render: after any change to a value the fragment shows, the kept markup is exactly
what rendering it anew gives, so a key that misses a value fails here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from images import pictures
from reader import markup
from tests.factories import make_article, make_category, make_image, region

pytestmark = pytest.mark.django_db


def fresh(render):
    """The markup with every fragment cache emptied first."""
    markup._fragments.clear()
    pictures._picture_html.cache_clear()
    return str(render())


def kept(render):
    return str(render())


def story():
    article = make_article(
        headline="Pemkab Serang Gelar Istighosah",
        summary="Ribuan warga hadir.",
        lead_image=make_image(renditions=True, size=(1200, 800), alt="Warga berdoa"),
        region=region("36.04"),
    )
    return Article.objects.select_related("category", "region", "lead_image").get(pk=article.pk)


CHANGES = {
    "headline": lambda a: setattr(a, "headline", "Judul yang diubah"),
    "summary": lambda a: setattr(a, "summary", "Ringkasan yang diubah."),
    "slug": lambda a: setattr(a, "slug", "alamat-baru"),
    "publish time": lambda a: setattr(a, "published_at", a.published_at - timedelta(days=3)),
    "kind (label)": lambda a: setattr(a, "kind", Article.Kind.ADVERTORIAL),
    "rubrik name": lambda a: setattr(a.category, "name", "Rubrik Baru"),
    "rubrik slug": lambda a: setattr(a.category, "slug", "rubrik-baru"),
    "other rubrik": lambda a: setattr(a, "category", make_category(name="Religi")),
    "region name": lambda a: setattr(a.region, "name", "Kab. Serang (baru)"),
    "region slug": lambda a: setattr(a.region, "slug", "wilayah-baru"),
    "other region": lambda a: setattr(a, "region", region("36.72")),
    # A list item's photo is decorative (empty alt) and sized from its crops: these two
    # must not change the item, and the kept one must still equal a fresh one.
    "photo alt": lambda a: setattr(a.lead_image, "alt", "Teks alternatif baru"),
    "photo size": lambda a: setattr(a.lead_image, "width", 999),
    "photo crops": lambda a: setattr(a.lead_image, "renditions", {}),
    "other photo": lambda a: setattr(a, "lead_image", make_image(alt="Foto lain")),
    "no photo": lambda a: setattr(a, "lead_image", None),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("shape", ["list", "featured", "top level"])
def test_a_kept_list_item_changes_with_every_value_it_shows(change, shape):
    article = story()
    options = {"featured": shape == "featured", "top_level": shape == "top level"}

    def render():
        return markup.article_item(article, **options)

    before = fresh(render)
    assert kept(render) == before
    CHANGES[change](article)
    after = kept(render)
    if change not in ("photo alt", "photo size"):
        assert after != before, f"{change}: the kept item did not change"
    assert after == fresh(render), f"{change}: the kept item differs from a fresh one"


def test_the_kept_masthead_follows_the_rubriks(settings):
    categories = [make_category(name="Pemerintahan"), make_category(name="Keamanan")]

    def render():
        return markup.site_header(categories)

    before = fresh(render)
    for change in (
        lambda: setattr(categories[0], "name", "Pemerintahan Daerah"),
        lambda: setattr(categories[1], "slug", "keamanan-baru"),
        lambda: categories.append(make_category(name="Religi")),
        lambda: categories.reverse(),
        lambda: setattr(settings, "SITE_NAME", "Portal Lain"),
    ):
        change()
        after = kept(render)
        assert after != before
        assert after == fresh(render)
        before = after


def test_the_kept_footer_follows_the_year_and_site_name(settings, monkeypatch):
    before = fresh(markup.site_footer)
    next_year = timezone.localdate() + timedelta(days=366)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: next_year)
    after = kept(markup.site_footer)
    assert after != before and str(next_year.year) in after
    settings.SITE_NAME = "Portal Lain"
    assert "Portal Lain" in kept(markup.site_footer)
    assert kept(markup.site_footer) == fresh(markup.site_footer)


def test_the_kept_page_links_follow_the_site_name(settings):
    before = fresh(markup.site_links)
    settings.SITE_NAME = "Portal Lain"
    after = kept(markup.site_links)
    assert after != before
    assert after == fresh(markup.site_links)


@pytest.mark.parametrize(
    ("with_crops", "change"),
    [
        (True, lambda image: setattr(image, "alt", "Teks alternatif baru")),
        (True, lambda image: setattr(image, "renditions", {})),
        # Before its crops exist a photo is shown from its stored file, at its own size.
        (False, lambda image: setattr(image, "width", 640)),
        (False, lambda image: setattr(image.file, "name", "images/2026/11/lain.jpg")),
    ],
    ids=["alt", "crops", "size", "file"],
)
def test_a_kept_picture_changes_with_every_value_it_shows(with_crops, change):
    image = make_image(renditions=with_crops, size=(1200, 800))

    def render():
        return pictures.picture(image, eager=True)

    before = fresh(render)
    change(image)
    after = kept(render)
    assert after != before
    assert after == fresh(render)


def test_a_kept_picture_follows_its_storage_address(settings):
    image = make_image(renditions=True, size=(1200, 800))

    def render():
        return pictures.picture(image)

    before = fresh(render)
    settings.MEDIA_URL = "/lain/"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"base_url": "/lain/"},
        },
    }
    after = kept(render)
    assert after != before and "/lain/" in after
    assert after == fresh(render)
