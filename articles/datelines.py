"""Datelines and sign-offs: the opening 'SERANG, beritaindonesianet –' and the closing '(str)'."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DASHES = "–—-"  # en dash, em dash and hyphen all occur in copy

# 'SERANG, beritaindonesianet– Dinas ...' or 'KAB. SERANG, beritaindonesianet — ...'
DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ ]*[A-Z.])\s*,\s*"
    rf"(?P<label>[^\s,{DASHES}][^,{DASHES}]*?)\s*[{DASHES}]\s*"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
# A closing '(str)' or '(str/abc)' at the very end of a paragraph.
SIGNOFF_RE = re.compile(r"\s*\((?P<initials>[A-Za-z]{1,6}(?:/[A-Za-z]{1,6})*)\)\s*$")


@dataclass(frozen=True)
class Dateline:
    place: str
    label: str
    rest: str


def parse_dateline(paragraph: str) -> Dateline | None:
    """Split a first paragraph into its dateline and the text after it."""
    match = DATELINE_RE.match(paragraph.strip())
    if not match:
        return None
    return Dateline(
        place=match["place"].strip(), label=match["label"].strip(), rest=match["rest"].strip()
    )


def split_signoff(paragraph: str) -> tuple[str, str]:
    """Return the paragraph without its closing '(initials)', and the initials ('' if none)."""
    match = SIGNOFF_RE.search(paragraph)
    if not match:
        return paragraph, ""
    return paragraph[: match.start()].rstrip(), match["initials"]


def format_dateline(place: str, label: str) -> str:
    place = place.strip().upper()
    if not place:
        return ""
    if label:
        return f"{place}, {label} –"
    return f"{place} –"


def render_body(body: str, *, dateline: str, signoff: str) -> SafeString:
    """Place the dateline at the start of the first paragraph and the sign-off at the end.

    ``body`` is already sanitized HTML; dateline and sign-off are escaped here.
    """
    html = body or ""
    if dateline:
        opening = f'<span class="dateline">{escape(dateline)}</span> '
        html = f"<p>{opening}{html[3:]}" if html.startswith("<p>") else f"<p>{opening}</p>{html}"
    if signoff:
        closing = f' <span class="signoff">({escape(signoff)})</span>'
        if html.endswith("</p>"):
            html = html[:-4] + closing + "</p>"
        else:
            html = f'{html}<p class="signoff-line">{closing.strip()}</p>'
    return mark_safe(html)  # noqa: S308 (body sanitized on save, additions escaped above)
