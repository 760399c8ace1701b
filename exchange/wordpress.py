"""Reading a WordPress export (WXR 1.2) as a stream, in flat memory.

``read()`` yields the export's authors, categories, tags, attachments and posts one by
one as plain records; the element tree is cleared behind each, so a 2 GB export uses the
memory of one item. ``to_html()`` turns WordPress post content (paragraphs as blank lines,
shortcodes) into the HTML our sanitizer accepts.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

WP = "http://wordpress.org/export/1.2/"
NS = {
    "wp": WP,
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
TAGS = {f"{{{WP}}}author", f"{{{WP}}}category", f"{{{WP}}}tag", "item"}
LOCAL_TIME = ZoneInfo("Asia/Jakarta")


@dataclass
class Author:
    login: str
    email: str
    display_name: str
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category" or "tag"
    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass
class Attachment:
    post_id: int
    path: str  # relative to wp-content/uploads, e.g. 2025/05/foto.jpg
    url: str
    title: str = ""
    alt: str = ""
    caption: str = ""


@dataclass
class Post:
    post_id: int
    title: str
    slug: str
    link: str
    guid: str
    status: str
    post_type: str
    author: str
    content: str
    excerpt: str
    date_gmt: datetime | None
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    thumbnail_id: int | None = None
    line: int = 0


class BadItem(Exception):
    """An item that cannot be imported; the import reports it and carries on."""

    def __init__(self, post_id, message):
        super().__init__(message)
        self.post_id = post_id


class ExportError(Exception):
    """The file is not a readable WordPress export; nothing has been imported."""


def check(path) -> None:
    """Read the whole file once, strictly, before anything is imported from it.

    ``read()`` recovers from damage so that one broken item does not stop an import; a
    truncated, binary, mis-encoded or foreign file must instead stop it before the first
    write, or the site is left with half an import.
    """
    context = etree.iterparse(
        str(path), events=("start", "end"), huge_tree=True, resolve_entities=False
    )
    root, is_wxr = None, False
    try:
        for event, element in context:
            if root is None:
                root = element
                if element.tag != "rss":
                    raise ExportError("berkas ini bukan ekspor WordPress (bukan RSS/WXR)")
            if event == "end":
                is_wxr = is_wxr or element.tag.startswith(f"{{{WP}}}")
                if element.getparent() is not None:
                    _forget(element)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ExportError(
            f"berkas rusak atau terpotong di baris {line}, kolom {column}: {error.msg}"
        ) from None
    if not is_wxr:
        raise ExportError("berkas ini bukan ekspor WordPress (tidak ada data WXR 1.2)")


def read(path, *, kinds=("author", "category", "tag", "attachment", "post")):
    """Yield records from a WXR file, streaming; bad items are yielded as BadItem."""
    context = etree.iterparse(
        str(path), events=("end",), tag=TAGS, huge_tree=True, recover=True, resolve_entities=False
    )
    for _event, element in context:
        try:
            record = _record(element, kinds)
        except BadItem as bad:
            record = bad
        finally:
            if element.tag == "item" or element.getparent() is not None:
                _forget(element)
        if record is not None:
            yield record


def _forget(element) -> None:
    """Drop a processed element and everything before it: memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _record(element, kinds):
    tag = element.tag
    if tag == f"{{{WP}}}author" and "author" in kinds:
        return Author(
            login=_text(element, "wp:author_login"),
            email=_text(element, "wp:author_email"),
            display_name=_text(element, "wp:author_display_name"),
            first_name=_text(element, "wp:author_first_name"),
            last_name=_text(element, "wp:author_last_name"),
        )
    if tag == f"{{{WP}}}category" and "category" in kinds:
        return Term(
            kind="category",
            slug=unquote(_text(element, "wp:category_nicename")),
            name=html.unescape(_text(element, "wp:cat_name")),
            parent=unquote(_text(element, "wp:category_parent")),
            description=_text(element, "wp:category_description"),
        )
    if tag == f"{{{WP}}}tag" and "tag" in kinds:
        return Term(
            kind="tag",
            slug=unquote(_text(element, "wp:tag_slug")),
            name=html.unescape(_text(element, "wp:tag_name")),
        )
    if tag == "item":
        post_type = _text(element, "wp:post_type")
        if post_type == "attachment" and "attachment" in kinds:
            return _attachment(element)
        if post_type == "post" and "post" in kinds:
            return _post(element)
    return None


def _meta(element) -> dict[str, str]:
    values = {}
    for meta in element.findall("wp:postmeta", NS):
        values[_text(meta, "wp:meta_key")] = _text(meta, "wp:meta_value")
    return values


def _post_id(element) -> int:
    raw = _text(element, "wp:post_id")
    if not raw.isdigit():
        raise BadItem(raw or "?", f"post_id tidak sah ({raw or 'kosong'})")
    return int(raw)


def _attachment(element) -> Attachment:
    meta = _meta(element)
    return Attachment(
        post_id=_post_id(element),
        path=meta.get("_wp_attached_file", ""),
        url=_text(element, "wp:attachment_url"),
        title=html.unescape(_text(element, "title")),
        alt=meta.get("_wp_attachment_image_alt", ""),
        caption=_text(element, "excerpt:encoded"),
    )


def _date(element, post_id) -> datetime | None:
    gmt = _text(element, "wp:post_date_gmt")
    local = _text(element, "wp:post_date")
    for value, zone in ((gmt, UTC), (local, LOCAL_TIME)):
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                raise BadItem(post_id, f"tanggal tidak sah ({value})") from None
    return None


def _post(element) -> Post:
    post_id = _post_id(element)
    meta = _meta(element)
    thumbnail = meta.get("_thumbnail_id", "")
    categories, tags = [], []
    for term in element.findall("category"):
        pair = (unquote(term.get("nicename", "")), html.unescape((term.text or "").strip()))
        if term.get("domain") == "category":
            categories.append(pair)
        elif term.get("domain") == "post_tag":
            tags.append(pair)
    title = html.unescape(_text(element, "title"))
    content = _text(element, "content:encoded")
    if not title and not content:
        raise BadItem(post_id, "tanpa judul dan tanpa isi")
    return Post(
        post_id=post_id,
        title=title,
        slug=unquote(_text(element, "wp:post_name")),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        status=_text(element, "wp:status"),
        post_type="post",
        author=_text(element, "dc:creator"),
        content=content,
        excerpt=_text(element, "excerpt:encoded"),
        date_gmt=_date(element, post_id),
        categories=categories,
        tags=tags,
        thumbnail_id=int(thumbnail) if thumbnail.isdigit() else None,
        line=element.sourceline or 0,
    )


def link_path(url: str) -> str:
    """The path of an old permalink, as readers will ask for it ('/2025/05/11/slug/')."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        return f"{path}?{parts.query}"
    return path


# --- content -----------------------------------------------------------------------------

SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)([^\]]*)\]")
CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
BLOCK = re.compile(
    r"^\s*<(p|h[1-6]|ul|ol|li|blockquote|figure|table|div|pre|hr|iframe|section)\b", re.I
)


def convert_captions(content: str, image_url=None) -> str:
    """[caption]<img ...> Text[/caption] becomes a figure with its caption; the image stays
    only when ``image_url`` maps its old address to one in the new library."""

    def figure(match):
        inner = match.group(1)
        image = IMG.search(inner)
        caption = IMG.sub("", inner)
        caption = re.sub(r"</?a\b[^>]*>", "", caption).strip()
        src = re.search(r'src="([^"]+)"', image.group(0)) if image else None
        alt = re.search(r'alt="([^"]*)"', image.group(0)) if image else None
        new_src = image_url(src.group(1)) if (src and image_url) else None
        if new_src:
            alt_text = html.escape(html.unescape(alt.group(1)) if alt else "", quote=True)
            return (
                f'<figure><img src="{new_src}" alt="{alt_text}">'
                f"<figcaption>{caption}</figcaption></figure>"
            )
        return f"<p><em>{caption}</em></p>" if caption else ""

    return CAPTION.sub(figure, content)


EMBED = re.compile(r"\[embed[^\]]*\]\s*(https?://[^\s\[]+)\s*\[/embed\]", re.I)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
GALLERY_IDS = re.compile(r"""\bids\s*=\s*["']?([\d,\s]+)""", re.I)


def convert_blocks(content: str, gallery=None) -> str:
    """[embed]URL[/embed] becomes the link alone on its line (which the importer embeds,
    as it does a link WordPress auto-embedded); [gallery ids="1,2,3"] becomes what
    ``gallery`` makes of the attachments' ids (the gallery block), or nothing."""
    content = EMBED.sub(lambda match: f"\n\n{match.group(1)}\n\n", content)

    def replace(match):
        ids = GALLERY_IDS.search(match.group(1))
        wanted = [int(n) for n in re.findall(r"\d+", ids.group(1))] if ids else []
        made = gallery(wanted) if (gallery and wanted) else ""
        return f"\n\n{made}\n\n" if made else ""

    return GALLERY.sub(replace, content)


def strip_shortcodes(content: str) -> str:
    """Other shortcodes ([gallery], [embed], [video], ...) are removed, their text kept."""
    return SHORTCODE.sub("", content)


def autop(content: str) -> str:
    """WordPress stores paragraphs as blank lines; give them <p> tags (like wpautop)."""
    blocks = re.split(r"\n\s*\n", content.replace("\r\n", "\n").strip())
    out = []
    for block in blocks:
        block = block.strip()
        if not block:
            continue
        if BLOCK.match(block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>") + "</p>")
    return "".join(out)


def to_html(content: str, image_url=None, gallery=None) -> str:
    return autop(strip_shortcodes(convert_blocks(convert_captions(content, image_url), gallery)))
