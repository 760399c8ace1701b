"""Reading an article's history: its versions, what changed between two, and since when."""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article

# The fields an editor reads and writes; the workflow's own fields are not "content".
CONTENT_FIELDS = (
    "headline",
    "slug",
    "summary",
    "body",
    "kind",
    "dateline_place",
    "signoff",
    "author",
    "source",
    "category",
    "region",
    "lead_image",
    "is_top_story",
    "embargo_ends_at",
    "has_vulnerable_subject",
    "published_at",
)
DIFFED_FIELDS = ("headline", "summary", "body")
RECENT = 100


def versions_for(article: Article):
    """The article's versions, newest first, with who saved each."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _value(version_or_article, name):
    if isinstance(version_or_article, Version):
        data = version_or_article.field_dict
        field = Article._meta.get_field(name)
        return data.get(field.attname, data.get(name))
    field = Article._meta.get_field(name)
    return getattr(version_or_article, field.attname)


def changed_fields_since(article: Article, lock_version: int) -> list[str]:
    """Labels of the content fields that changed after the version an editor opened."""
    for version in versions_for(article)[:RECENT]:
        if version.field_dict.get("lock_version") == lock_version:
            return [
                str(Article._meta.get_field(name).verbose_name)
                for name in CONTENT_FIELDS
                if _normalized(_value(version, name)) != _normalized(_value(article, name))
            ]
    return []


def _normalized(value):
    if isinstance(value, datetime):
        return value.replace(microsecond=0)  # the form shows seconds, and saves them
    return "" if value is None else str(value)


@dataclass
class FieldDiff:
    label: str
    html: str
    changed: bool


def diff(older: Version, newer: Version) -> list[FieldDiff]:
    """Headline, summary and body of two versions, with deletions and insertions marked."""
    rows = []
    for name in DIFFED_FIELDS:
        before, after = readable_text(_value(older, name)), readable_text(_value(newer, name))
        rows.append(
            FieldDiff(
                label=str(Article._meta.get_field(name).verbose_name),
                html=inline_diff(before, after),
                changed=before != after,
            )
        )
    return rows


def readable_text(value) -> str:
    """Readable text of a field: body paragraphs become lines."""
    value = value or ""
    value = re.sub(r"</(p|h[1-6]|li|blockquote|figure)>", "\n", value)
    return re.sub(r"\n{2,}", "\n", strip_tags(value)).strip()


def inline_diff(before: str, after: str):
    """Word-level diff as HTML: <del> for removed words, <ins> for added ones."""
    old, new = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new[b1:b2]))}</ins>")
    html = "".join(parts).replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 (every piece escaped above)


NO_CHANGES = _("Tidak ada perubahan pada judul, ringkasan dan isi.")
