"""A photo on a page: the responsive <picture> of the public pages, and the URL of a crop
(also for the admin, feeds and structured data)."""

from functools import lru_cache

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from images import renditions


def _rows(image, ratio):
    if image is None:
        return []
    return (image.renditions or {}).get("crops", {}).get(ratio, [])


def picture(
    image, ratio="16x9", sizes="100vw", eager=False, css_class="", decorative=False, lazy=True
):
    """A responsive <picture>: AVIF and WebP sources, a JPEG <img> with explicit size.

    The lead image is ``eager`` (loaded at once, high priority); everything else is lazy,
    but for ``lazy=False`` (a gallery's first photo: loaded as the page goes, no priority).
    A ``decorative`` picture (next to a headline that says the same) has an empty alt.
    Until the crops exist, the stored original is shown instead. The markup of a photo
    is made once per process and version of the photo, not on every page.
    """
    if image is None:
        return ""
    return _picture_html(version(image), image, ratio, sizes, eager, css_class, decorative, lazy)


def version(image) -> tuple:
    """Everything a photo's markup depends on: the same tuple, the same markup."""
    where = default_storage.url("")  # a change of storage is a change of markup
    crops = (image.renditions or {}).get("key", "")
    return (image.pk, image.file.name, image.alt, image.width, image.height, where, crops)


@lru_cache(maxsize=4096)
def _picture_html(version, image, ratio, sizes, eager, css_class, decorative, lazy=True):
    return mark_safe(  # noqa: S308 (rendered by a template that escapes)
        render_to_string(
            "images/_picture.html",
            _picture_context(image, ratio, sizes, eager, css_class, decorative, lazy),
        )
    )


def _picture_context(image, ratio, sizes, eager, css_class, decorative, lazy=True):
    rows = _rows(image, ratio)
    alt = "" if decorative or image is None else image.alt
    context = {
        "image": image,
        "alt": alt,
        "eager": eager,
        "lazy": lazy,
        "css_class": css_class,
        "sizes": sizes,
    }
    if not rows:
        return {**context, "fallback": True}
    largest = rows[-1]
    middle = rows[min(len(rows) - 1, 2)]
    sources = [
        {"type": mime, "srcset": renditions.srcset(rows, key)}
        for key, _fmt, mime, _options in renditions.FORMATS[:-1]
    ]
    return {
        **context,
        "sources": sources,
        "src": default_storage.url(middle["jpg"]),
        "srcset": renditions.srcset(rows, "jpg"),
        "width": largest["w"],
        "height": largest["h"],
    }


def rendition(image, ratio="16x9", width=1200) -> dict | None:
    """The smallest crop at least ``width`` wide (else the widest), as its manifest row
    (``w``, ``h``, and per format the stored name and its bytes), or None before crops."""
    rows = _rows(image, ratio)
    return next((row for row in rows if row["w"] >= int(width)), rows[-1]) if rows else None


def rendition_url(image, ratio="16x9", width=1200, key="jpg"):
    """The smallest crop at least ``width`` wide (else the widest), as a URL path."""
    chosen = rendition(image, ratio, width)
    if chosen is None:
        return image.file.url if image else ""
    return default_storage.url(chosen[key])
