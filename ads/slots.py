"""Which ads a page carries and their markup (the Jinja2 globals ``ad_slot`` and
``body_with_ad``, see ``TEMPLATES`` in settings), without a query per page: every ad
that may run is read once per page generation (one query, kept in the cache under the
generation, so an ad saved in the admin, which starts a new generation, is seen at
once), then each page takes the candidates that fit it.

Rotation keeps pages cacheable: a page carries every candidate of each place (at most
``CANDIDATES``, the heaviest first) and the reader's browser picks one by weight
(``static/js/ads.js``), skipping any that ended since the page was made. The page cache
keeps no page past an ad's start or end (``ads.models.next_change``)."""

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from ads.models import Ad, PageType, Placement
from infra import pagecache

CANDIDATES = 8


@dataclass
class Candidate:
    pk: int
    placement: str
    kind: str
    image: str  # the file's URL
    image_width: int
    image_height: int
    alt_text: str
    network_slot: str
    weight: int
    starts_at: float
    ends_at: float | None
    page_types: frozenset
    link_url: str = ""
    categories: set = field(default_factory=set)
    regions: set = field(default_factory=set)  # Kemendagri codes

    def fits(self, page_type: str, category_id, region_code, now: float) -> bool:
        if self.starts_at > now or (self.ends_at is not None and self.ends_at <= now):
            return False
        if self.page_types and page_type not in self.page_types:
            return False
        if self.categories and category_id not in self.categories:
            return False
        return not self.regions or self.covers(region_code)

    def covers(self, region_code) -> bool:
        """Whether the page's region is one the ad targets (a province covers its
        regencies and cities: "36" covers "36.04")."""
        return bool(region_code) and any(
            region_code == code or region_code.startswith(code + ".") for code in self.regions
        )


@dataclass
class Catalog:
    ads: dict[int, Candidate]
    after_paragraph: int


@dataclass
class PageAds:
    """The candidates of each place on one page (what the template's slots show)."""

    slots: dict[str, list[Candidate]]
    after_paragraph: int

    def __bool__(self):
        return any(self.slots.values())

    def has_network(self) -> bool:
        return any(ad.kind == Ad.Kind.NETWORK for ads in self.slots.values() for ad in ads)


def catalog() -> Catalog:
    """Every ad that runs now or later, for this page generation."""
    key = f"ads:{pagecache.current_generation()}:catalog"
    found = cache.get(key)
    if found is None:
        found = _read_catalog()
        cache.set(key, found, 3600)
    return found


def _read_catalog() -> Catalog:
    now = timezone.now()
    storage = Ad._meta.get_field("image").storage
    rows = (
        Ad.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .filter(is_active=True, placement__is_active=True)
        .values_list(
            "pk",
            "placement__key",
            "placement__after_paragraph",
            "kind",
            "image",
            "image_width",
            "image_height",
            "alt_text",
            "link_url",
            "network_slot",
            "weight",
            "starts_at",
            "ends_at",
            "page_types",
            # Many-to-many: one row per (rubrik, region) pair of an ad.
            "categories",
            "regions__code",
        )
    )
    ads: dict[int, Candidate] = {}
    after = Placement._meta.get_field("after_paragraph").default
    for row in rows:
        pk, place, paragraph, kind, image, width, height, alt, link, slot = row[:10]
        weight, starts, ends, types, category, region = row[10:]
        if place == Placement.Key.IN_ARTICLE:
            after = paragraph
        ad = ads.get(pk)
        if ad is None:
            ad = ads[pk] = Candidate(
                pk=pk,
                placement=place,
                kind=kind,
                image=storage.url(image) if image else "",
                image_width=width,
                image_height=height,
                alt_text=alt,
                link_url=link,
                network_slot=slot,
                weight=weight,
                starts_at=starts.timestamp(),
                ends_at=ends.timestamp() if ends else None,
                page_types=frozenset(types or ()),
            )
        if category is not None:
            ad.categories.add(category)
        if region is not None:
            ad.regions.add(region)
    return Catalog(ads=ads, after_paragraph=after)


def for_page(page_type: PageType, *, category=None, region=None) -> PageAds:
    """The ads that fit a page of this type, about this rubrik and region (a province's
    ads fit its regencies' pages)."""
    known = catalog()
    now = time.time()
    region_code = region.code if region is not None else None
    category_id = category.pk if category is not None else None
    slots: dict[str, list[Candidate]] = defaultdict(list)
    for ad in known.ads.values():
        if page_type in Placement.PAGE_TYPES[ad.placement] and ad.fits(
            page_type, category_id, region_code, now
        ):
            slots[ad.placement].append(ad)
    for candidates in slots.values():
        candidates.sort(key=lambda ad: (-ad.weight, ad.pk))
        del candidates[CANDIDATES:]
    return PageAds(slots=dict(slots), after_paragraph=known.after_paragraph)


def find(pk: int) -> Candidate | None:
    """An ad of the current catalog (the click redirect's look-up, without a query)."""
    return catalog().ads.get(pk)


# The markup: a slot per place with its reserved box, its "Iklan" label and its
# candidates, and the story's body with the in-article slot after paragraph N.
LAZY = {Placement.Key.IN_ARTICLE, Placement.Key.SIDE}


def ad_slot(page_ads: PageAds | None, key: str):
    """The slot of place ``key``, or nothing when no ad fits this page there."""
    candidates = [
        ad
        for ad in (page_ads.slots.get(key, []) if page_ads else [])
        if ad.kind == Ad.Kind.IMAGE or (settings.NEWSROOM_AD_NETWORK and ad.network_slot)
    ]
    if not candidates:
        return ""
    fallback = next((ad for ad in candidates if ad.kind == Ad.Kind.IMAGE), None)
    html = render_to_string(
        "ads/_slot.html",
        {
            "key": key,
            "place": Placement.Key(key).label,
            "candidates": candidates,
            "fallback": fallback,
            "size": Placement.SIZES[key],
            "lazy": key in LAZY,
            "network": settings.NEWSROOM_AD_NETWORK,
            "network_id": settings.NEWSROOM_AD_NETWORK_ID,
        },
    )
    return mark_safe(html)  # noqa: S308 (rendered by a template that escapes)


# Where a top-level paragraph ends: paragraphs inside quotes, lists, tables and figures
# are not counted (nor split).
_BLOCKS = re.compile(r"<(/?)(p|blockquote|ul|ol|table|figure)\b[^>]*>", re.IGNORECASE)


def body_with_ad(body_html: str, page_ads: PageAds | None):
    """The story's body with the in-article slot after its Nth paragraph (at the end of
    a shorter story)."""
    slot = ad_slot(page_ads, Placement.Key.IN_ARTICLE)
    if not slot:
        return body_html
    wanted, seen, depth = page_ads.after_paragraph, 0, 0
    for match in _BLOCKS.finditer(body_html):
        closing, tag = match.group(1), match.group(2).lower()
        if tag == "p":
            if closing and depth == 0:
                seen += 1
                if seen == wanted:
                    cut = match.end()
                    return mark_safe(body_html[:cut] + slot + body_html[cut:])  # noqa: S308
        else:
            depth = max(0, depth + (-1 if closing else 1))
    return mark_safe(body_html + slot)  # noqa: S308 (both parts already safe markup)
