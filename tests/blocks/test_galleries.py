"""Galleries: library photos in the editor's order with their captions and credits (the
library's unless overridden), refused with a reason when incomplete, shown as a swipeable
set, listed in JSON-LD and feeds, and a story kind of their own with its listing."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from blocks import services
from blocks.models import Gallery
from tests.factories import admin_form_data, make_article, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos():
    return [
        make_image(caption="Banjir di Jalan Ciceri", credit="Dok. BPBD", renditions=True),
        make_image(caption="Perahu karet evakuasi warga", credit="Rudi", renditions=True),
        make_image(caption="Posko pengungsian", credit="", alt="Tenda posko", renditions=True),
    ]


def gallery_of(photos, overrides=None):
    overrides = overrides or {}
    rows = [{"id": photo.pk, **overrides.get(index, {})} for index, photo in enumerate(photos)]
    return services.create_gallery(title="Banjir Serang", photos=rows)


def test_a_gallery_keeps_the_order_and_overrides_captions_and_credits_only_where_given(photos):
    ordered = [photos[2], photos[0], photos[1]]
    gallery = gallery_of(ordered, {1: {"caption": "Air setinggi lutut", "credit": "Wawan"}})
    shown = [(p.image_id, p.shown_caption, p.shown_credit) for p in gallery.photos.all()]
    assert shown == [
        (photos[2].pk, "Posko pengungsian", ""),
        (photos[0].pk, "Air setinggi lutut", "Wawan"),
        (photos[1].pk, "Perahu karet evakuasi warga", "Rudi"),
    ]


@pytest.mark.parametrize(
    ("title", "rows", "why"),
    [
        ("", [1, 2], "Beri galeri judul"),
        ("x" * 201, [1, 2], "200 karakter"),
        ("Banjir", [1], "2 sampai 60 foto"),
        ("Banjir", [1, "dua"], "tidak dikenal"),
        ("Banjir", [1, 999999], "tidak ada di perpustakaan: 999999"),
    ],
)
def test_an_incomplete_gallery_is_refused_with_the_reason(photos, title, rows, why):
    ids = [photos[0].pk if row == 1 else row for row in rows]
    with pytest.raises(Exception) as refused:
        services.create_gallery(title=title, photos=[{"id": pk} for pk in ids])
    assert why in " ".join(getattr(refused.value, "messages", [str(refused.value)]))
    assert not Gallery.objects.exists()


def test_the_editor_builds_a_gallery_from_the_library_through_the_dialog(photos, reporter_client):
    found = reporter_client.get(reverse("admin:blocks_gallery_photos"), {"q": "Perahu"}).json()
    assert [row["id"] for row in found["results"]] == [photos[1].pk]
    assert found["results"][0]["thumb"].startswith("/media/")
    rows = [{"id": p.pk, "caption": "", "credit": ""} for p in photos]
    made = reporter_client.post(
        reverse("admin:blocks_gallery_create"),
        {"title": "Banjir Serang", "photos": rows},
        content_type="application/json",
    )
    assert made.status_code == 200
    gallery = Gallery.objects.get()
    assert made.json() == {"key": str(gallery.key), "caption": "Galeri: Banjir Serang (3 foto)"}
    refused = reporter_client.post(
        reverse("admin:blocks_gallery_create"),
        {"title": "Kurang", "photos": rows[:1]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "2 sampai 60 foto" in refused.json()["error"]
    bad = reporter_client.post(
        reverse("admin:blocks_gallery_create"), b"[", content_type="application/json"
    )
    assert bad.status_code == 400 and "bukan JSON" in bad.json()["error"]
    assert Gallery.objects.count() == 1


def test_readers_get_the_photos_in_order_with_captions_credits_and_lazy_beyond_the_first(
    photos, client
):
    gallery = gallery_of(photos, {2: {"credit": "Wawan"}})
    article = make_article(body=f"<p>Pembuka.</p>{gallery.placeholder(3)}")
    page = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<figure class="gallery".*?gallery__full.*?</figure>', page, re.S)[0]
    captions = re.findall(r"<figcaption>\s*([^<]+?)\s*<span", block)
    assert captions == [
        "Banjir di Jalan Ciceri",
        "Perahu karet evakuasi warga",
        "Posko pengungsian",
    ]
    assert "Foto: Wawan" in block and "Foto: Dok. BPBD" in block  # override, library
    images = re.findall(r"<img [^>]*>", block)
    assert len(images) == 3 and all("srcset=" in img and "sizes=" in img for img in images)
    assert 'loading="lazy"' not in images[0] and all('loading="lazy"' in i for i in images[1:])
    assert "1 / 3" in block and "Layar penuh" in block and "js/embeds.js" in page
    # Only this site's resources, and the site's own policy (a gallery needs no opening).
    assert "frame-src" not in client.get(article.get_absolute_url())["Content-Security-Policy"]


def test_json_ld_lists_the_gallery_photos_with_caption_and_credit(photos, client):
    gallery = gallery_of(photos)
    article = make_article(body=gallery.placeholder(3))
    page = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    objects = [image for image in data["image"] if isinstance(image, dict)]
    assert [o["caption"] for o in objects] == [
        "Banjir di Jalan Ciceri",
        "Perahu karet evakuasi warga",
        "Posko pengungsian",
    ]
    assert objects[0]["creditText"] == "Dok. BPBD" and "creditText" not in objects[2]
    assert all(o["url"].startswith("http") and o["@type"] == "ImageObject" for o in objects)


def test_feeds_carry_every_gallery_photo(photos, client):
    gallery = gallery_of(photos)
    make_article(body=gallery.placeholder(3))
    feed = client.get(reverse("reader:feed")).content.decode()
    assert feed.count("Perahu karet evakuasi warga") == 1
    assert "Dok. BPBD" in feed and "gallery__track" not in feed


def test_a_gallery_story_needs_its_gallery_and_is_listed_under_galeri(photos, editor_client):
    gallery = gallery_of(photos)
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])
    refused = editor_client.post(url, admin_form_data(article, kind=Article.Kind.GALLERY))
    assert refused.status_code == 200
    assert "harus berisi galeri" in refused.content.decode()
    data = admin_form_data(article, kind=Article.Kind.GALLERY, body=gallery.placeholder(3))
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.kind == Article.Kind.GALLERY

    published = make_article(kind=Article.Kind.GALLERY, body=gallery.placeholder(3))
    draft = make_article(
        kind=Article.Kind.GALLERY, body=gallery.placeholder(3), status=Article.Status.DRAFT
    )
    news = make_article()
    listing = Client().get(reverse("reader:galleries")).content.decode()
    assert published.headline in listing
    assert draft.headline not in listing and news.headline not in listing
    page = Client().get(published.get_absolute_url()).content.decode()
    assert "Galeri foto" in page  # the story's label


def test_the_gallery_listing_is_refused_past_its_pages(client):
    assert client.get(reverse("reader:galleries"), {"page": "9"}).status_code == 404
    assert client.get(reverse("reader:galleries"), {"page": "x"}).status_code == 404


def test_saving_a_gallery_in_the_admin_renews_readers_pages(
    photos, editor_client, django_capture_on_commit_callbacks
):
    from infra import pagecache

    gallery = gallery_of(photos)
    before = pagecache.current_generation()
    url = reverse("admin:blocks_gallery_change", args=[gallery.pk])
    rows = list(gallery.photos.all())
    data = {
        "title": "Banjir Serang (diperbarui)",
        "photos-TOTAL_FORMS": str(len(rows)),
        "photos-INITIAL_FORMS": str(len(rows)),
        "photos-MIN_NUM_FORMS": "1",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(reversed(rows)):
        data.update(
            {
                f"photos-{index}-id": str(row.pk),
                f"photos-{index}-gallery": str(gallery.pk),
                f"photos-{index}-position": str(index),
                f"photos-{index}-image": str(row.image_id),
                f"photos-{index}-caption": "",
                f"photos-{index}-credit": "",
            }
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302
    assert [p.image_id for p in gallery.photos.all()] == [r.image_id for r in reversed(rows)]
    assert pagecache.current_generation() != before


def test_a_gallery_a_story_names_is_not_deleted_and_the_desk_is_told_which(
    photos, editor, chief_client
):
    used, unused = gallery_of(photos[:2]), gallery_of(photos[1:])
    make_article(headline="Banjir Serang hari kedua", body=used.placeholder(2))
    page = chief_client.post(
        reverse("admin:blocks_gallery_delete", args=[used.pk]), {"post": "yes"}, follow=True
    )
    messages = " ".join(str(m) for m in page.context["messages"])
    assert "tidak dihapus" in messages and "Banjir Serang hari kedua" in messages
    assert Gallery.objects.filter(pk=used.pk).exists()
    chief_client.post(
        reverse("admin:blocks_gallery_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )
    assert list(Gallery.objects.values_list("pk", flat=True)) == [used.pk]
