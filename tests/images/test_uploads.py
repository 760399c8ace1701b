"""Every refused upload stores nothing and says why; accepted ones are cleaned."""

import io
import struct
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import ExifTags, Image, ImageFile, features

from articles.models import Article
from images.models import Image as LibraryImage
from images.uploads import clean_upload
from tests.factories import admin_form_data, image_file, make_article, uploaded

pytestmark = pytest.mark.django_db

GPS = {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (6.0, 7.0, 8.0)}


def jpeg_with_metadata(size=(60, 40), orientation=6, **tags) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "KameraCo"
    exif[ExifTags.IFD.GPSInfo] = GPS
    for tag, value in tags.items():
        exif[getattr(ExifTags.Base, tag)] = value
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def with_iptc(jpeg: bytes, *, byline: str, caption: str) -> bytes:
    """Insert an IPTC block (Photoshop APP13), as newsroom cameras and agencies write it."""

    def dataset(number, text):
        data = text.encode()
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(data)) + data

    iptc = dataset(80, byline) + dataset(120, caption)
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = (
        b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    )
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refuse(upload, message):
    with pytest.raises(ValidationError) as raised:
        clean_upload(upload)
    assert message in " ".join(raised.value.messages)


# --- refusals ---------------------------------------------------------------------------


def test_svg_is_refused_whatever_its_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    refuse(uploaded("logo.svg", data=svg, content_type="image/svg+xml"), "SVG atau HTML")
    refuse(uploaded("foto.jpg", data=svg, content_type="image/jpeg"), "SVG atau HTML")
    refuse(uploaded("foto.jpg", data=b"<!DOCTYPE html><html>", content_type="image/jpeg"), "HTML")


def test_a_file_that_is_not_an_image_is_refused():
    refuse(uploaded("foto.jpg", data=b"MZ\x90\x00 executable"), "bukan gambar yang didukung")
    pdf = b"%PDF-1.4 ..."
    refuse(uploaded("foto.png", data=pdf, content_type="image/png"), "bukan gambar yang didukung")


def test_other_image_formats_are_refused():
    bmp = image_file("foto.bmp", fmt="BMP").read()
    refuse(uploaded("foto.bmp", data=bmp, content_type="image/bmp"), "Format BMP tidak diterima")


def test_files_over_the_size_limit_are_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    refuse(uploaded(size=(400, 400)), "Berkas terlalu besar")


def test_a_decompression_bomb_is_refused_before_any_pixel_is_decoded():
    bomb = image_file("bom.png", size=(10_000, 10_000), fmt="PNG").read()
    assert len(bomb) < 1_000_000  # small on disk, 100 megapixels when decoded
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        refuse(uploaded("bom.png", data=bomb, fmt="PNG"), "Gambar terlalu besar: 10.000 × 10.000")


def test_the_pixel_limit_is_configurable(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100 * 100
    refuse(uploaded(size=(101, 100)), "batasnya 0 megapiksel")


def test_a_truncated_file_is_refused():
    whole = image_file(size=(400, 300)).read()
    refuse(uploaded(data=whole[: len(whole) // 2]), "rusak atau terpotong")


def test_an_extension_that_lies_is_refused():
    png = image_file("x.png", fmt="PNG").read()
    refuse(
        uploaded("foto.jpg", data=png, content_type="image/jpeg"),
        "berakhiran .jpg tetapi isinya PNG",
    )


def test_a_declared_type_that_lies_is_refused():
    jpeg = image_file().read()
    refuse(uploaded("foto", data=jpeg, content_type="image/png"), "dikirim sebagai image/png")


def test_a_refused_upload_in_the_article_form_stores_nothing_and_keeps_the_article(
    editor_client, settings
):
    article = make_article(headline="Judul tetap")
    before = Article.objects.values().get(pk=article.pk)
    svg = b"<svg><script>alert(1)</script></svg>"
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_form_data(
            article,
            headline="Judul baru",
            lead_image_upload=uploaded("foto.jpg", data=svg),
            lead_image_upload_alt="Foto",
        ),
    )
    assert response.status_code == 200
    assert "SVG atau HTML tidak diterima" in response.text
    assert Article.objects.values().get(pk=article.pk) == before
    assert not LibraryImage.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.png", "bomb", "Gambar terlalu besar"),
        ("foto.jpg", "png", "isinya PNG"),
        ("foto.jpg", "truncated", "rusak atau terpotong"),
    ],
)
def test_refusals_in_the_photo_library_store_nothing(editor_client, settings, name, data, message):
    payload = {
        "bomb": lambda: image_file(size=(10_000, 10_000), fmt="PNG").read(),
        "png": lambda: image_file(fmt="PNG").read(),
        "truncated": lambda: image_file(size=(300, 300)).read()[:500],
    }[data]()
    response = editor_client.post(
        reverse("admin:images_image_add"),
        {"upload": uploaded(name, data=payload), "alt": "x", "focal_x": "0.5", "focal_y": "0.5"},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not LibraryImage.objects.exists()
    assert stored_files(settings) == []


# --- what is accepted, and how it is cleaned ------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF", "AVIF"])
def test_the_usual_formats_are_accepted(fmt):
    if fmt == "AVIF" and not features.check("avif"):
        pytest.skip("this Pillow has no AVIF support")  # refused with a message instead
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "AVIF": "avif"}[fmt]
    data = image_file(f"f.{extension}", size=(50, 30), fmt=fmt).read()
    clean = clean_upload(uploaded(f"foto.{extension}", data=data, fmt=fmt))
    assert clean.format == fmt and (clean.width, clean.height) == (50, 30)
    assert clean.content.name.endswith(f".{extension}")


def test_gps_and_exif_are_stripped_and_orientation_applied(settings):
    data = jpeg_with_metadata(size=(60, 40), orientation=6, Artist="Budi")
    clean = clean_upload(uploaded("IMG_0001.JPG", data=data))
    stored = Image.open(io.BytesIO(clean.content.read()))
    assert stored.size == (40, 60)  # turned upright
    assert not stored.getexif()
    assert b"Exif" not in clean.content.file.getvalue()
    assert "GPS" in clean.metadata_removed


def test_credit_and_caption_are_read_from_exif_before_it_is_stripped():
    data = jpeg_with_metadata(
        Artist="Budi Santoso", Copyright="ANTARA", ImageDescription="Istighosah di Serang"
    )
    clean = clean_upload(uploaded(data=data))
    assert clean.credit == "Budi Santoso / ANTARA"
    assert clean.caption == "Istighosah di Serang"


def test_credit_and_caption_are_read_from_iptc():
    data = with_iptc(image_file(size=(80, 60)).read(), byline="Siti / Humas", caption="Rapat")
    clean = clean_upload(uploaded(data=data))
    assert (clean.credit, clean.caption) == ("Siti / Humas", "Rapat")
    assert b"Photoshop" not in clean.content.file.getvalue()


def test_file_names_are_sanitized_and_unique():
    first = clean_upload(uploaded("../../Foto Bupati <script>.JPG"))
    second = clean_upload(uploaded("../../Foto Bupati <script>.JPG"))
    assert first.content.name.startswith("foto-bupati-script-")
    assert first.content.name.endswith(".jpg") and "/" not in first.content.name
    assert first.content.name != second.content.name


def test_an_uploaded_original_keeps_no_metadata_in_storage(editor_client, settings):
    data = jpeg_with_metadata(Artist="Budi")
    response = editor_client.post(
        reverse("admin:images_image_add"),
        {
            "upload": uploaded("foto.jpg", data=data),
            "alt": "Bupati",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    image = LibraryImage.objects.get()
    assert image.credit == "Budi"
    with image.file.open("rb") as handle:
        raw = handle.read()
    assert b"Exif" not in raw and b"KameraCo" not in raw
    assert (Path(image.file.path).stat().st_mode & 0o111) == 0  # never executable
