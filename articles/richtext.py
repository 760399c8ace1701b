"""What article text may hold: the editor's own markup, images it can show, and no
control characters.

django-prose-editor's sanitizer (nh3) keeps exactly the tags and attributes of the
editor's extensions. On top of it, an image stays only when it comes from the photo
library (``MEDIA_URL``) or an absolute ``https`` address: a relative source such as
``src="x"`` would make every page that shows the body request an address under itself.
"""

import html
import re

from django.conf import settings
from django_prose_editor.fields import create_sanitizer

# nh3 writes every attribute double-quoted and escapes '"', '<' and '>' inside values,
# so in its output a tag ends at the first '>' and an attribute value at the next '"'.
IMAGE_TAG = re.compile(r"<img\b[^>]*>")
SOURCE = re.compile(r'\ssrc="([^"]*)"')


# Control characters pasted from word processors or mis-decoded text (C0 but tab and
# newlines, DEL, C1, and the non-characters U+FFFE/U+FFFF): invisible on a page, and XML
# 1.0 (feeds, sitemaps) cannot carry most of them at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def shown_image_source(src: str) -> bool:
    """Whether an image address may stay in a body."""
    if ".." in src.split("?", 1)[0] or src.startswith("//"):
        return False
    return src.startswith(("https://", settings.MEDIA_URL))


def _keep_shown_images(body: str) -> str:
    def keep(match):
        source = SOURCE.search(match.group(0))
        return match.group(0) if source and shown_image_source(html.unescape(source[1])) else ""

    return IMAGE_TAG.sub(keep, body)


def body_sanitizer(extensions):
    """The body field's sanitizer: the editor's allowlist first, then the image rule."""
    allowlist = create_sanitizer(extensions)
    return lambda body: _keep_shown_images(allowlist(body))


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figure|figcaption|tr)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


def plain_text(body: str) -> str:
    """A sanitized body as plain text: one paragraph per block, separated by a blank line
    (apps, partners' screens and search services that show no HTML)."""
    text = html.unescape(TAG.sub("", BLOCK_END.sub("\n\n", body or "")))
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
