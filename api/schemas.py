"""The shapes of the API's answers, each field described: the OpenAPI description is
made from these (``/api/v1/openapi.json``), and every answer is checked against them."""

from typing import Literal

from pydantic import BaseModel, Field


class Rubrik(BaseModel):
    id: int = Field(description="The rubrik's id.")
    name: str = Field(description="The rubrik's name, e.g. 'Pemerintahan'.")
    slug: str = Field(description="Its slug: the value of the 'rubrik' filter.")
    url: str = Field(description="Its page on the site.")


class ProvinceRef(BaseModel):
    code: str = Field(description="The province's Kemendagri code, e.g. '36'.")
    name: str = Field(description="The province's official name, e.g. 'Banten'.")
    slug: str = Field(description="The province's slug.")


class Region(BaseModel):
    id: int = Field(description="The region's id.")
    code: str = Field(description="The Kemendagri code, e.g. '36.04' for Kabupaten Serang.")
    name: str = Field(description="The official name.")
    slug: str = Field(description="Its slug: the 'region' filter takes it or the code.")
    level: Literal["province", "regency", "city"] = Field(
        description="province, regency (kabupaten) or city (kota)."
    )
    level_label: str = Field(description="The level in the request's language.")
    url: str = Field(description="Its page on the site.")
    province: ProvinceRef | None = Field(
        description="The province a regency or city belongs to; null for a province."
    )


class SourceOut(BaseModel):
    id: int = Field(description="The source's id.")
    name: str = Field(description="The source's name, e.g. the newsroom or a news agency.")
    slug: str = Field(description="Its slug: the value of the 'source' filter.")
    kind: Literal["own", "wire", "partner", "press_release"] = Field(
        description="own (the newsroom), wire (news agency), partner or press_release."
    )
    homepage_url: str = Field(description="The source's own website; empty if unknown.")
    url: str = Field(description="Its page on this site.")
    syndication: Literal["none", "noindex_news", "canonical"] = Field(
        description=(
            "The syndication rule: none (own story); noindex_news (the page asks Google "
            "News not to index it); canonical (the page's canonical link is the original)."
        )
    )
    syndication_label: str = Field(description="The rule in the request's language.")
    attribution: str = Field(description="The credit line the source asks for; may be empty.")


class Author(BaseModel):
    kind: Literal["person", "organization"] = Field(
        description="person (a reporter) or organization (the outlet, without a reporter)."
    )
    name: str = Field(description="The name as printed in the byline.")
    username: str = Field(description="A person's username (the 'author' filter); else empty.")
    initials: str = Field(description="A person's initials as in the sign-off; else empty.")
    url: str = Field(description="The author's page here, or the outlet's website.")


class TagOut(BaseModel):
    name: str = Field(description="The tag as readers see it.")
    slug: str = Field(description="Its slug: the value of the 'tag' filter.")
    url: str = Field(description="Its page on the site.")


class Rendition(BaseModel):
    ratio: Literal["16:9", "4:3", "1:1"] = Field(description="The crop's aspect ratio.")
    width: int = Field(description="Width in pixels.")
    height: int = Field(description="Height in pixels.")
    format: Literal["avif", "webp", "jpeg"] = Field(description="The image format.")
    mime_type: str = Field(description="The format's media type, e.g. image/jpeg.")
    url: str = Field(description="The file's absolute URL.")


class Photo(BaseModel):
    id: int = Field(description="The photo's id in the library.")
    caption: str = Field(description="The caption (keterangan foto).")
    credit: str = Field(description="The credit: photographer or agency. Print it.")
    alt: str = Field(description="The text alternative for readers who cannot see it.")
    width: int = Field(description="The original's width in pixels.")
    height: int = Field(description="The original's height in pixels.")
    url: str = Field(description="The original file, as uploaded.")
    renditions: list[Rendition] = Field(
        description="Every crop around the photo's focal point, in every format; empty "
        "while the crops are still being made."
    )


class CorrectionOut(BaseModel):
    kind: Literal["ralat", "koreksi", "hak_jawab"] = Field(
        description="ralat, koreksi or hak_jawab (a right of reply, Pedoman Pemberitaan "
        "Media Siber)."
    )
    kind_label: str = Field(description="The kind in the request's language.")
    text: str = Field(description="The text published under the story.")
    published_at: str = Field(description="When it was published (ISO 8601, WIB offset).")


class EmbedBlock(BaseModel):
    type: Literal["embed"] = Field(description="An embedded post or video.")
    key: str = Field(description='The key the body\'s <figure data-embed="KEY"> names.')
    url: str = Field(description="The post or video on its platform.")
    provider: str = Field(description="The platform's code, e.g. youtube, instagram.")
    provider_name: str = Field(description="The platform's name.")
    title: str = Field(description="Its title, as the platform gave it; may be empty.")
    author_name: str = Field(description="Who posted it, as the platform gave it.")
    thumbnail_url: str | None = Field(
        description="Its picture, a copy served by this site; null if none was fetched."
    )
    player_url: str | None = Field(description="The platform's player for an iframe, if any.")


class GalleryPhotoOut(BaseModel):
    photo: Photo = Field(description="The library photo.")
    caption: str = Field(description="The caption shown with it in this gallery.")
    credit: str = Field(description="The credit shown with it in this gallery. Print it.")


class GalleryBlock(BaseModel):
    type: Literal["gallery"] = Field(description="A photo gallery.")
    key: str = Field(description='The key the body\'s <figure data-gallery="KEY"> names.')
    title: str = Field(description="The gallery's title.")
    photos: list[GalleryPhotoOut] = Field(description="The photos, in order.")


class LiveEntryOut(BaseModel):
    id: int = Field(description="The entry's id.")
    url: str = Field(description="The entry on the story's page (its anchor).")
    published_at: str = Field(description="When it was published (ISO 8601, WIB offset).")
    updated_at: str | None = Field(description="When it was corrected; null if never.")
    headline: str = Field(description="Its short headline; may be empty.")
    body_html: str = Field(description="The entry as sanitized HTML.")
    body_text: str = Field(description="The entry as plain text.")
    is_key_event: bool = Field(description="A key event of the coverage.")
    is_pinned: bool = Field(description="Pinned above the others.")
    author: str | None = Field(description="The byline.")
    image: Photo | None = Field(description="Its photo; null if none.")
    blocks: list[EmbedBlock | GalleryBlock] = Field(description="Embeds and galleries in it.")


class LiveCoverage(BaseModel):
    starts_at: str = Field(description="When the coverage started (ISO 8601, WIB offset).")
    ends_at: str | None = Field(description="When it ended or ends; null if open.")
    is_live: bool = Field(description="Whether it is running now (the LIVE label).")
    entries: list[LiveEntryOut] = Field(description="Published entries, pinned then newest.")


class Article(BaseModel):
    id: int = Field(description="The story's id.")
    url: str = Field(description="The story's page on the site.")
    canonical_url: str = Field(
        description="The canonical address: the original's for syndicated copies whose "
        "source asks for it, else the page here."
    )
    api_url: str = Field(description="This object's address in the API.")
    headline: str = Field(description="The headline, whole.")
    summary: str = Field(description="The summary (lead); may be empty.")
    body_html: str = Field(
        description="The body as sanitized HTML (paragraphs, headings, lists, links, "
        "images), without the dateline and sign-off. An embed or gallery is a <figure "
        'data-embed="KEY"> or <figure data-gallery="KEY"> holding a link or caption; '
        "'blocks' gives each by its key."
    )
    body_text: str = Field(description="The body as plain text, paragraphs split by a blank line.")
    dateline: str = Field(
        description="The dateline as printed, e.g. 'SERANG, beritaindonesianet –'."
    )
    dateline_place: str = Field(description="The dateline's place alone, e.g. 'SERANG'.")
    signoff: str = Field(description="The reporter's initials closing the story, e.g. 'str'.")
    published_at: str = Field(description="When it was published (ISO 8601, WIB offset).")
    updated_at: str = Field(
        description="When it was last changed after publishing (as 'Diperbarui' on the "
        "page); the publish time if never."
    )
    type: Literal["news", "opinion", "advertorial", "press_release", "gallery"] = Field(
        description="The story's type (the 'type' filter)."
    )
    type_label: str = Field(description="The type in the request's language.")
    label: str = Field(
        description="The label readers must see ('Advertorial', 'Siaran pers', 'Opini'); "
        "empty for news."
    )
    is_paid_or_promotional: bool = Field(
        description="True for advertorials and press releases: show the label."
    )
    rubrik: Rubrik | None = Field(description="The rubrik (section); null if none.")
    region: Region | None = Field(description="The region the story is filed under.")
    source: SourceOut | None = Field(description="Where the story comes from.")
    author: Author | None = Field(description="The byline.")
    tags: list[TagOut] = Field(description="The story's tags.")
    lead_image: Photo | None = Field(description="The lead photo; null if none.")
    corrections: list[CorrectionOut] = Field(
        description="Ralat, koreksi and hak jawab, oldest first."
    )
    blocks: list[EmbedBlock | GalleryBlock] = Field(
        description="The embeds and galleries the body names, in the body's order."
    )
    live: LiveCoverage | None = Field(
        description="For live coverage: its times and entries; null for other stories."
    )


class ArticlePage(BaseModel):
    items: list[Article] = Field(description="Public stories, newest first.")
    next_cursor: str | None = Field(
        description="Pass as 'cursor' for the next page; null on the last page. Pages stay "
        "stable while stories are published: new ones never push a story to another page."
    )


class Change(BaseModel):
    id: int = Field(description="The story's id.")
    change: Literal[
        "published", "updated", "corrected", "unpublished", "trashed", "taken_down", "deleted"
    ] = Field(
        description="What happened. published, updated, corrected: fetch api_url. "
        "unpublished, trashed, taken_down, deleted: a tombstone; remove the story."
    )
    changed_at: str = Field(description="When (ISO 8601, WIB offset).")
    url: str = Field(description="The story's address on the site.")
    api_url: str | None = Field(description="The story in the API; null for a tombstone.")
    headline: str | None = Field(description="The headline; null for a tombstone.")
    reason: str | None = Field(
        description="For a story taken down: the grounds readers see; else null."
    )
    note: str | None = Field(
        description="For a story taken down: the public note readers see; else null."
    )


class ChangePage(BaseModel):
    items: list[Change] = Field(description="Changes, oldest first.")
    next_cursor: str = Field(
        description="Ask again with it as 'cursor' for what follows (also when 'items' is "
        "empty: it marks where you stand)."
    )
    has_more: bool = Field(description="True if more changes wait: ask again at once.")


class Error(BaseModel):
    detail: str = Field(description="What was wrong, in the request's language.")


class RubrikList(BaseModel):
    items: list[Rubrik] = Field(description="Every rubrik, in the site's order.")


class RegionList(BaseModel):
    items: list[Region] = Field(description="The regions, in Kemendagri code order.")


class SourceList(BaseModel):
    items: list[SourceOut] = Field(description="Every source, by name.")


class AuthorList(BaseModel):
    items: list[Author] = Field(description="Everyone with a byline on a public story.")
