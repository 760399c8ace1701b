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


# The desk's openings, at the start of a body's first paragraph (perhaps in bold):
# 'CILEGON, beritaindonesianet –', 'SERANG –', 'Serang (ANTARA) -'.
_CAPS_PLACE = r"[A-Z][A-Z.'’ ]{0,38}[A-Z.]"
_ANY_PLACE = r"[A-Z][A-Za-z.'’ ]{0,38}[A-Za-z.]"
OPENING_RE = re.compile(
    r"^(?P<open><p>)\s*(?P<bold><(?:strong|b)>)?\s*"
    r"(?P<dateline>"
    rf"(?P<caps>{_CAPS_PLACE})\s*(?:,\s*(?P<label>[^\s,<{DASHES}][^,<{DASHES}]{{0,40}}?))?"
    rf"|(?P<titled>{_ANY_PLACE})\s*\((?P<agency>[A-Z][A-Z.]{{1,20}})\)"
    rf")\s*[{DASHES}]\s*"
    r"(?(bold)</(?:strong|b)>\s*)",
)
# A closing '(str)' or '(str/abc)', perhaps in bold, at the end of the last paragraph.
CLOSING_RE = re.compile(
    r"\s*(?P<bold><(?:strong|b)>)?\s*\((?P<initials>[A-Za-z]{1,6}(?:/[A-Za-z]{1,6})*)\)\s*"
    r"(?(bold)</(?:strong|b)>)\s*(?P<close></p>)\s*$"
)


@dataclass(frozen=True)
class Lifted:
    """What ``lift_desk_copy`` took out of a body: its dateline's place and the initials."""

    body: str
    place: str
    signoff: str


def lift_desk_copy(body: str) -> Lifted | None:
    """A body pasted as the desk writes it ('CILEGON, beritaindonesianet – Ratusan warga
    ... (str)') without its dateline and closing initials, which have fields of their own
    and are printed from them: left in the body they would print twice. None if the body
    has neither."""
    html = (body or "").strip()
    place = signoff = ""
    opening = OPENING_RE.match(html)
    if opening:
        place = (opening["caps"] or opening["titled"]).strip().upper()
        html = "<p>" + html[opening.end() :]
    closing = CLOSING_RE.search(html)
    if closing:
        signoff = closing["initials"]
        html = html[: closing.start()] + "</p>" + html[closing.end() :]
    if not (place or signoff):
        return None
    return Lifted(body=html.replace("<p></p>", ""), place=place, signoff=signoff)
