"""Checking and cleaning an uploaded photo before anything is stored.

The order matters: size and type are checked from the file and its header, the pixel
count before any pixel is decoded (a decompression bomb never gets decoded), then the
whole image is decoded once to catch truncated files. The stored file is re-encoded
from the pixels, upright, without EXIF, XMP or IPTC: no GPS position, camera serial or
name leaves the newsroom. Credit and caption found in the metadata are kept as text.
"""

import io
import re
import secrets
import warnings
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, IptcImagePlugin, UnidentifiedImageError, features

# Pillow format -> (file extension, MIME type, other extensions that mean the same)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"jpg", "jpeg", "jpe", "jfif"}),
    "PNG": ("png", "image/png", {"png"}),
    "WEBP": ("webp", "image/webp", {"webp"}),
    "GIF": ("gif", "image/gif", {"gif"}),
    "AVIF": ("avif", "image/avif", {"avif"}),
}
ACCEPTED_LABEL = "JPEG, PNG, WebP, GIF, AVIF"
MARKUP_SIGNATURES = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script", b"<!--")

EXIF_ARTIST, EXIF_COPYRIGHT, EXIF_DESCRIPTION = 0x013B, 0x8298, 0x010E
IPTC_BYLINE, IPTC_COPYRIGHT, IPTC_CAPTION = (2, 80), (2, 116), (2, 120)


def accepted_formats() -> set[str]:
    formats = {"JPEG", "PNG", "WEBP", "GIF"}
    if features.check("avif"):
        formats.add("AVIF")
    return formats


@dataclass
class CleanImage:
    """A checked upload, ready to store: the cleaned bytes and what was learned."""

    content: ContentFile
    format: str
    width: int
    height: int
    credit: str = ""
    caption: str = ""
    metadata_removed: list[str] = field(default_factory=list)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def clean_upload(upload) -> CleanImage:
    """Check an uploaded file and return it cleaned, or raise ValidationError (Indonesian)."""
    max_bytes = settings.NEWSROOM_IMAGE_MAX_BYTES
    max_pixels = settings.NEWSROOM_IMAGE_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar: %(size)s MB; batasnya %(limit)s MB.")
            % {"size": _mb(upload.size), "limit": _mb(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    head = data[:512].lstrip().lower()
    if any(signature in head for signature in MARKUP_SIGNATURES):
        raise ValidationError(
            _("Berkas SVG atau HTML tidak diterima karena dapat memuat skrip. Unggah %(types)s.")
            % {"types": ACCEPTED_LABEL},
            code="markup",
        )
    try:
        with warnings.catch_warnings():
            # Our own pixel limit below answers with the size; Pillow's warning adds nothing.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError:
        raise ValidationError(_too_many_pixels(None, max_pixels), code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        if _looks_like_an_image(data):
            raise ValidationError(_CORRUPT, code="corrupt") from None
        raise ValidationError(
            _("Berkas ini bukan gambar yang didukung. Unggah %(types)s.")
            % {"types": ACCEPTED_LABEL},
            code="not_an_image",
        ) from None
    if image.format not in accepted_formats():
        raise ValidationError(
            _("Format %(format)s tidak diterima. Unggah %(types)s.")
            % {"format": image.format, "types": ACCEPTED_LABEL},
            code="format",
        )
    width, height = image.size
    if width * height > max_pixels:
        # Refused from the header alone: the pixels are never decoded.
        raise ValidationError(_too_many_pixels((width, height), max_pixels), code="too_many_pixels")
    _check_declared_type(upload, image.format)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image.load()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombWarning):
        raise ValidationError(_CORRUPT, code="corrupt") from None
    credit, caption = _credit_and_caption(image)
    removed = _metadata_present(image)
    content, width, height = _reencode(image)
    extension = FORMATS[image.format][0]
    content.name = _safe_name(getattr(upload, "name", "") or "", extension)
    return CleanImage(
        content=content,
        format=image.format,
        width=width,
        height=height,
        credit=credit,
        caption=caption,
        metadata_removed=removed,
    )


_CORRUPT = _lazy("Berkas gambar rusak atau terpotong. Ekspor ulang foto lalu unggah lagi.")
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def _looks_like_an_image(data: bytes) -> bool:
    """The first bytes of a supported format, though Pillow cannot read the rest."""
    if data.startswith(SIGNATURES):
        return True
    return (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or data[4:12] in (
        b"ftypavif",
        b"ftypavis",
    )


def _too_many_pixels(size, max_pixels) -> str:
    limit = f"{max_pixels / 1_000_000:.0f}"
    if size is None:
        return _("Gambar terlalu besar (jumlah piksel melebihi %(limit)s megapiksel).") % {
            "limit": limit
        }
    width, height = size
    return _(
        "Gambar terlalu besar: %(width)s × %(height)s piksel (%(mp)s megapiksel); "
        "batasnya %(limit)s megapiksel."
    ) % {
        "width": f"{width:,}".replace(",", "."),
        "height": f"{height:,}".replace(",", "."),
        "mp": f"{width * height / 1_000_000:.0f}",
        "limit": limit,
    }


def _check_declared_type(upload, actual: str) -> None:
    """The name and the declared type must agree with what the bytes are."""
    _extension, mime, aliases = FORMATS[actual]
    name_extension = PurePath(getattr(upload, "name", "") or "").suffix.lower().lstrip(".")
    if name_extension and name_extension not in aliases:
        raise ValidationError(
            _(
                "Jenis berkas tidak cocok: namanya berakhiran .%(ext)s tetapi isinya %(actual)s. "
                "Simpan ulang dengan format yang benar."
            )
            % {"ext": name_extension, "actual": actual},
            code="mismatch",
        )
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream" and declared != mime:
        raise ValidationError(
            _("Jenis berkas tidak cocok: dikirim sebagai %(declared)s tetapi isinya %(actual)s.")
            % {"declared": declared, "actual": actual},
            code="mismatch",
        )


def _text(value) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-8", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if isinstance(value, list | tuple):
        value = " ".join(_text(v) for v in value)
    return re.sub(r"\s+", " ", str(value or "")).strip("\x00 ").strip()


def _credit_and_caption(image) -> tuple[str, str]:
    exif = image.getexif()
    iptc = {}
    if image.format == "JPEG":
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
    credit = _text(iptc.get(IPTC_BYLINE)) or _text(exif.get(EXIF_ARTIST))
    copyright_ = _text(iptc.get(IPTC_COPYRIGHT)) or _text(exif.get(EXIF_COPYRIGHT))
    if copyright_ and copyright_ not in credit:
        credit = f"{credit} / {copyright_}" if credit else copyright_
    caption = _text(iptc.get(IPTC_CAPTION)) or _text(exif.get(EXIF_DESCRIPTION))
    return credit[:200], caption[:500]


def _metadata_present(image) -> list[str]:
    found = []
    exif = image.getexif()
    if exif:
        found.append("EXIF")
        if exif.get_ifd(0x8825):
            found.append("GPS")
    if "xmp" in image.info or "XML:com.adobe.xmp" in image.info:
        found.append("XMP")
    if image.format == "JPEG" and IptcImagePlugin.getiptcinfo(image):
        found.append("IPTC")
    if "comment" in image.info:
        found.append("komentar")
    return found


def _reencode(image) -> tuple[ContentFile, int, int]:
    """Pixels only: upright, with the colour profile, without any other metadata."""
    source_format = image.format
    icc = image.info.get("icc_profile")
    buffer = io.BytesIO()
    if source_format == "GIF" and getattr(image, "n_frames", 1) > 1:
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
        frames[0].save(
            buffer,
            "GIF",
            save_all=True,
            append_images=frames[1:],
            loop=image.info.get("loop", 0),
            duration=image.info.get("duration", 100),
            disposal=2,
        )
        size = image.size
    else:
        upright = ImageOps.exif_transpose(image)
        options = {"icc_profile": icc} if icc else {}
        if source_format == "JPEG":
            if upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            upright.save(buffer, "JPEG", quality=92, optimize=True, progressive=True, **options)
        elif source_format == "PNG":
            upright.save(buffer, "PNG", optimize=False, **options)
        elif source_format == "WEBP":
            upright.save(buffer, "WEBP", quality=92, method=4, **options)
        elif source_format == "AVIF":
            upright.save(buffer, "AVIF", quality=85, **options)
        else:
            upright.save(buffer, source_format)
        size = upright.size
    return ContentFile(buffer.getvalue()), size[0], size[1]


def _safe_name(original: str, extension: str) -> str:
    stem = slugify(PurePath(original).stem)[:50].strip("-") or "foto"
    return f"{stem}-{secrets.token_hex(4)}.{extension}"
