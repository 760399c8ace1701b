import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageDraw

from images import renditions
from images.models import Image as LibraryImage
from images.services import refresh_renditions, store_upload
from images.uploads import clean_upload
from tests.factories import admin_form_data, make_article, make_image, uploaded

pytestmark = pytest.mark.django_db

RED = (230, 0, 0)


def photo_with_a_red_subject(size=(2000, 800), at=(0.9, 0.15)) -> bytes:
    """A blue photo with a red square (the subject) around the given point."""
    image = Image.new("RGB", size, (20, 40, 200))
    x, y = int(size[0] * at[0]), int(size[1] * at[1])
    ImageDraw.Draw(image).rectangle([x - 40, y - 40, x + 40, y + 40], fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def stored(name) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(handle)
        image.load()
    return image


def has_red(image) -> bool:
    rgb = image.convert("RGB").resize((64, 64))
    return any(r > 150 and g < 90 and b < 90 for r, g, b in rgb.get_flattened_data())


@pytest.fixture
def subject_photo():
    clean = clean_upload(uploaded("subjek.jpg", data=photo_with_a_red_subject()))
    image = store_upload(clean=clean, user=None, alt="Subjek", focal_x=0.9, focal_y=0.15)
    return refresh_renditions(image_id=image.pk)


def test_every_crop_keeps_the_focal_point_inside(subject_photo):
    crops = subject_photo.renditions["crops"]
    assert set(crops) == {"16x9", "4x3", "1x1"}
    for ratio, rows in crops.items():
        across, down = map(int, ratio.split("x"))
        for row in rows:
            jpeg = stored(row["jpg"])
            assert jpeg.size == (row["w"], row["h"])
            assert abs(row["w"] / row["h"] - across / down) < 0.02
            assert has_red(jpeg), f"{ratio} {row['w']} lost the subject"


def test_a_centred_crop_would_have_lost_the_subject():
    """The test above can fail: cropping the same photo around the centre drops it."""
    photo = Image.open(io.BytesIO(photo_with_a_red_subject()))
    from pilkit.processors import ResizeToFill

    centred = ResizeToFill(800, 800, anchor=(0.5, 0.5)).process(photo)
    assert not has_red(centred)


def test_renditions_exist_in_avif_webp_and_jpeg_at_several_widths(subject_photo):
    rows = subject_photo.renditions["crops"]["16x9"]
    assert [row["w"] for row in rows] == [320, 640, 960, 1280]  # none wider than the photo
    for row in rows:
        formats = {key: stored(row[key]).format for key in ("avif", "webp", "jpg")}
        assert formats == {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}
    assert [row["w"] for row in subject_photo.renditions["crops"]["1x1"]] == [320]


def test_no_rendition_carries_exif(subject_photo):
    for rows in subject_photo.renditions["crops"].values():
        for row in rows:
            for key in ("avif", "webp", "jpg"):
                with default_storage.open(row[key]) as handle:
                    assert b"Exif" not in handle.read()


def test_moving_the_focal_point_makes_new_crops_and_removes_the_old(subject_photo, editor_client):
    old_names = renditions.names_in(subject_photo.renditions)
    response = editor_client.post(
        reverse("admin:images_image_change", args=[subject_photo.pk]),
        {
            "alt": "Subjek",
            "caption": "",
            "credit": "Dok",
            "source_note": "",
            "tags": "",
            "focal_x": "0.1",
            "focal_y": "0.9",
        },
    )
    assert response.status_code == 302
    image = refresh_renditions(image_id=subject_photo.pk)
    assert image.has_current_renditions
    new_names = renditions.names_in(image.renditions)
    assert not (new_names & (old_names - {image.renditions["working"]}))
    assert not any(default_storage.exists(name) for name in old_names - new_names)


def test_crops_are_made_when_the_upload_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(size=(700, 500))
    image.refresh_from_db()
    assert image.has_current_renditions
    assert image.renditions["crops"]["4x3"][0]["w"] == 320


def test_the_admin_shows_the_crops_and_the_focal_point_picker(subject_photo, editor_client):
    html = editor_client.get(reverse("admin:images_image_change", args=[subject_photo.pk])).text
    assert "data-focal-picker" in html and 'data-x="0.9"' in html
    assert html.count('class="nr-crop"') == 3
    assert "focal-point.js" in html


def test_lead_image_markup_on_the_article_and_headlines_pages(client):
    image = make_image(renditions=True, size=(1800, 1000), caption="Istighosah", credit="Budi")
    article = make_article(lead_image=image)
    older = make_article(lead_image=image, headline="Berita lama")
    page = client.get(article.get_absolute_url()).text
    assert '<source type="image/avif"' in page and '<source type="image/webp"' in page
    assert 'width="1600"' in page and 'height="900"' in page
    assert 'loading="eager" fetchpriority="high"' in page
    assert 'alt="Kader posyandu menimbang balita"' in page
    assert "Istighosah" in page and "Foto: Budi" in page
    assert " 320w" in page and " 1600w" in page
    headlines = client.get(reverse("reader:headlines")).text
    assert headlines.count("<picture>") >= 2
    assert 'loading="lazy"' in headlines  # the stories below the top one
    assert headlines.index('fetchpriority="high"') < headlines.index(older.headline)


def test_an_image_without_crops_yet_shows_its_original_with_dimensions(client):
    article = make_article(lead_image=make_image(size=(640, 480)))
    page = client.get(article.get_absolute_url()).text
    assert article.lead_image.file.url in page
    assert 'width="640"' in page and 'height="480"' in page


def test_publishing_needs_the_photo_credit(editor_client):
    image = make_image(credit="")
    article = make_article(status="review", published_at=None, lead_image=image)
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_form_data(article, _workflow="publish"),
    )
    assert "Kredit foto utama wajib diisi" in response.text
    article.refresh_from_db()
    assert not article.is_public


def test_an_editor_uploads_a_lead_image_on_the_spot(editor_client):
    article = make_article()
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_form_data(
            article,
            lead_image_upload=uploaded("bupati.jpg", size=(300, 200)),
            lead_image_upload_alt="Bupati Serang membuka acara",
            lead_image_upload_caption="Pembukaan istighosah",
            lead_image_upload_credit="Humas Pemkab",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    image = article.lead_image
    assert (image.alt, image.caption, image.credit) == (
        "Bupati Serang membuka acara",
        "Pembukaan istighosah",
        "Humas Pemkab",
    )
    assert LibraryImage.objects.count() == 1


def test_one_library_photo_serves_many_articles_and_is_found_by_caption_credit_and_tag(
    editor_client,
):
    image = make_image(caption="Alun-alun Serang", credit="ANTARA/Asep")
    image.tags.add("alun-alun")
    other = make_image(caption="Pelabuhan Merak", credit="Humas")
    first, second = make_article(lead_image=image), make_article(lead_image=image)
    assert list(image.articles.order_by("pk")) == [first, second]
    assert list(LibraryImage.objects.search("antara")) == [image]
    assert list(LibraryImage.objects.search("alun-alun")) == [image]
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "merak",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(other.pk)]
    listing = editor_client.get(reverse("admin:images_image_changelist"), {"q": "ANTARA"})
    assert list(listing.context["cl"].result_list) == [image]


def test_a_photo_in_use_cannot_be_deleted(editor_client):
    image = make_image()
    make_article(lead_image=image)
    editor_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})
    assert LibraryImage.objects.filter(pk=image.pk).exists()


def test_rows_become_articles_without_passing_through_imagekit_receivers():
    """Crops come from ImageSpec directly; imagekit's listeners on every model's
    post_init and post_save (for ImageSpecFields we never declare) are switched off."""
    from django.db.models.signals import post_init, post_save

    from articles.models import Article, Category

    for model in (Article, Category):
        assert not post_init.has_listeners(model)
        on_save = post_save._live_receivers(model)[0]
        assert not [r for r in on_save if "imagekit" in getattr(r, "__module__", "")]
