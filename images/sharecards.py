"""Share cards: the 1200×630 picture WhatsApp, Facebook and X show for a shared story.

A story with a photo gets the photo cropped to 1200×630 around its focal point; one
without gets a card drawn here: the site's colour and logo, the headline wrapped by
words (long Indonesian compounds and addresses broken only when a word alone is wider
than a line), the rubrik and the site's address. A card is named by everything it shows
(``card_name``), stored once in the media storage as a rendition is, and made again only
when one of those changes.
"""

import hashlib
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
DESIGN = "2"  # change when the drawing changes: every card is made anew
DIRECTORY = "share"
FONTS = Path(__file__).resolve().parent / "fonts"
ACCENT, INK, PAPER = (155, 28, 28), (255, 255, 255), (255, 255, 255)
MARGIN = 64
HEADER = 120
MAX_LINES = 4
SIZES = (68, 62, 56, 50, 46)


def typeface(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size
    )


def card_name(*, headline: str, rubrik: str, photo=None) -> str:
    """The stored name of the card for these contents (the same contents, the same name)."""
    parts = [DESIGN, headline, rubrik, settings.SITE_NAME, settings.SITE_URL]
    if photo is not None:
        parts += [photo.file.name, f"{photo.focal_x:.3f}", f"{photo.focal_y:.3f}"]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    return f"{DIRECTORY}/{digest}.jpg"


def wrap(text: str, font, width: int) -> list[str]:
    """``text`` in lines no wider than ``width``: by words, a word wider than a line
    broken where it must be."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:  # a very long word: cut it, hyphenated
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut] + "-") > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def headline_lines(headline: str, width: int = WIDTH - 2 * MARGIN):
    """The largest size at which the headline fits in ``MAX_LINES``, and its lines; at
    the smallest size a longer headline ends with an ellipsis."""
    for size in SIZES:
        font = typeface(size)
        lines = wrap(headline, font, width)
        if len(lines) <= MAX_LINES:
            return font, lines
    lines = lines[:MAX_LINES]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return font, lines


def _logo():
    found = finders.find(settings.NEWSROOM_PUBLISHER_LOGO)
    return PILImage.open(found).convert("RGBA") if found else None


def draw_card(*, headline: str, rubrik: str, with_address: bool = True) -> PILImage.Image:
    """The card of a story without a photo (``static/img/share-card.png``, the site's own
    card while a story's is being made, is this card without headline or address)."""
    card = PILImage.new("RGB", (WIDTH, HEIGHT), ACCENT)
    pen = ImageDraw.Draw(card)
    pen.rectangle((0, 0, WIDTH, HEADER), fill=PAPER)
    logo = _logo()
    if logo is not None:
        logo = ImageOps.contain(logo, (WIDTH - 2 * MARGIN, HEADER - 50))
        card.paste(logo, (MARGIN, (HEADER - logo.height) // 2), logo)
    else:
        pen.text(
            (MARGIN, HEADER // 2), settings.SITE_NAME, font=typeface(48), fill=ACCENT, anchor="lm"
        )
    font, lines = headline_lines(headline)
    leading = int(font.size * 1.22)
    top = HEADER + (HEIGHT - HEADER - 90 - leading * len(lines)) // 2 + 10
    for number, line in enumerate(lines):
        pen.text((MARGIN, top + number * leading), line, font=font, fill=INK)
    footer = typeface(30, bold=False)
    if rubrik:
        pen.text((MARGIN, HEIGHT - 48), rubrik.upper(), font=typeface(30), fill=INK, anchor="ls")
    if with_address:
        address = settings.SITE_URL.split("://", 1)[-1]
        pen.text((WIDTH - MARGIN, HEIGHT - 48), address, font=footer, fill=INK, anchor="rs")
    return card


def crop_photo(photo) -> PILImage.Image:
    """The photo at 1200×630 around its focal point."""
    with default_storage.open(photo.file.name) as handle:
        pixels = PILImage.open(handle)
        pixels = ImageOps.exif_transpose(pixels).convert("RGB")
    return ImageOps.fit(
        pixels,
        (WIDTH, HEIGHT),
        PILImage.Resampling.LANCZOS,
        centering=(photo.focal_x, photo.focal_y),
    )


def store_card(*, headline: str, rubrik: str, photo=None) -> str:
    """The card for these contents, stored if it is not yet; returns its stored name."""
    name = card_name(headline=headline, rubrik=rubrik, photo=photo)
    if default_storage.exists(name):
        return name
    picture = (
        crop_photo(photo) if photo is not None else draw_card(headline=headline, rubrik=rubrik)
    )
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return default_storage.save(name, ContentFile(buffer.getvalue()))
