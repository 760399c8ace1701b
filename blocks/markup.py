"""A body's blocks as readers get them: an embed as a static card (the provider's player
only on the reader's click, or when it scrolls into view if the editor chose so), a
gallery as a swipeable set of library photos with their captions and credits.

``Blocks.of(*bodies)`` reads the blocks the bodies name, in at most three queries and in
none when they name none; ``render`` replaces each placeholder; ``csp`` is what a page
showing them must allow, and nothing more.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blocks.models import MARKERS, Embed, Gallery, GalleryPhoto
from blocks.providers import provider_named
from infra.paths import origin_of

# A block in a sanitized body (nh3 writes attributes double-quoted, in the given order).
PLACEHOLDER = re.compile(
    r'<figure\b(?P<attrs>[^>]*\bdata-(?P<kind>embed|gallery)="(?P<key>[^"]*)"[^>]*)>'
    r"(?P<inner>.*?)</figure>",
    re.S,
)
LOAD = re.compile(r'\bdata-load="visible"')
HREF = re.compile(r'<a href="([^"]*)"')


def _key(match) -> uuid.UUID | None:
    """A placeholder's key, or None when it is not one (a hand-edited body)."""
    try:
        return uuid.UUID(match["key"])
    except ValueError:
        return None


def _names_blocks(body: str) -> bool:
    return bool(body) and any(marker in body for marker in MARKERS)


def keys_in(*bodies: str) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    embeds, galleries = set(), set()
    for body in filter(_names_blocks, bodies):
        for match in PLACEHOLDER.finditer(body):
            if key := _key(match):
                (embeds if match["kind"] == "embed" else galleries).add(key)
    return embeds, galleries


def _add_sources(policy: dict[str, list[str]], directive: str, sources) -> None:
    """Allow ``sources`` for ``directive`` in ``policy``, each once."""
    current = policy.setdefault(directive, [])
    for source in sources:
        if source not in current:
            current.append(source)


@dataclass
class Blocks:
    embeds: dict[uuid.UUID, Embed] = field(default_factory=dict)
    galleries: dict[uuid.UUID, Gallery] = field(default_factory=dict)

    @classmethod
    def of(cls, *bodies: str) -> "Blocks":
        embed_keys, gallery_keys = keys_in(*bodies)
        blocks = cls()
        if embed_keys:
            blocks.embeds = {e.key: e for e in Embed.objects.filter(key__in=embed_keys)}
        if gallery_keys:
            photos = GalleryPhoto.objects.select_related("image").order_by("position", "id")
            blocks.galleries = {
                g.key: g
                for g in Gallery.objects.filter(key__in=gallery_keys).prefetch_related(
                    Prefetch("photos", queryset=photos)
                )
            }
        return blocks

    def __bool__(self):
        return bool(self.embeds or self.galleries)

    # -- the reader's page -----------------------------------------------------------

    def render(self, body: str, *, feed: bool = False):
        """``body`` with each block in its place; ``feed``: the form feed readers and
        partners take (the snapshot's picture and a link; every photo of a gallery), with
        absolute addresses."""
        if not _names_blocks(body):
            return mark_safe(body or "")  # noqa: S308 (a sanitized body)

        def replace(match):
            key = _key(match)
            if key is None:
                return ""
            if match["kind"] == "embed":
                embed = self.embeds.get(key)
                href = HREF.search(match["inner"])
                fallback_url = href.group(1) if href else ""
                visible = bool(LOAD.search(match["attrs"]))
                return self._embed(embed, fallback_url, visible=visible, feed=feed)
            gallery = self.galleries.get(key)
            return self._gallery(gallery, feed=feed) if gallery else ""

        return mark_safe(PLACEHOLDER.sub(replace, body))  # noqa: S308 (templates escape)

    def _embed(self, embed, fallback_url, *, visible, feed):
        if embed is None:
            # Not in this site (yet): the link the body kept.
            if not fallback_url:
                return ""
            return f'<p><a href="{fallback_url}">{fallback_url}</a></p>'
        provider = provider_named(embed.provider)
        name = provider.name if provider else embed.provider
        context = {
            "embed": embed,
            "provider": provider,
            "name": name,
            "shape": provider.shape if provider else "video",
            "visible": visible,
            "action": _action(provider, name),
            "markup": (
                provider.markup.format(url=escape(embed.url))
                if provider and provider.player == "script"
                else ""
            ),
        }
        template = "blocks/_embed_feed.html" if feed else "blocks/_embed.html"
        return render_to_string(template, context)

    def _gallery(self, gallery, *, feed):
        photos = list(gallery.photos.all())
        if not photos:
            return ""
        template = "blocks/_gallery_feed.html" if feed else "blocks/_gallery.html"
        return render_to_string(template, {"gallery": gallery, "photos": photos})

    # -- what the page needs -----------------------------------------------------------

    def csp(self) -> dict[str, list[str]]:
        """The sources a page showing these embeds must allow: each provider's own."""
        wanted: dict[str, list[str]] = {}
        for embed in self.embeds.values():
            provider = provider_named(embed.provider)
            if provider is None:
                continue
            for directive, sources in provider.csp.items():
                _add_sources(wanted, directive, sources)
            if embed.frame_url and provider.player == "iframe":
                _add_sources(wanted, "frame-src", [origin_of(embed.frame_url)])
        return wanted

    def in_order(self, body: str) -> list[Embed | Gallery]:
        """The blocks ``body`` names that this site has, in the body's order."""
        found = []
        for match in PLACEHOLDER.finditer(body or ""):
            block = (self.embeds if match["kind"] == "embed" else self.galleries).get(_key(match))
            if block is not None and block not in found:
                found.append(block)
        return found

    def providers(self) -> list[str]:
        return sorted({embed.provider for embed in self.embeds.values()})

    def photos(self) -> list[GalleryPhoto]:
        """Every gallery photo, in each gallery's order (the page's JSON-LD)."""
        return [photo for gallery in self.galleries.values() for photo in gallery.photos.all()]


def _action(provider, name: str) -> str:
    if provider is not None and provider.shape == "video":
        return _("Putar video")
    return _("Lihat di %(name)s") % {"name": name}


def page_policy(blocks: Blocks) -> dict | None:
    """The site's policy opened for these blocks' providers, or None when none is needed
    (the site's own policy then stands)."""
    extra = blocks.csp()
    if not extra:
        return None
    policy = {name: list(sources) for name, sources in settings.SECURE_CSP.items()}
    for directive, sources in extra.items():
        _add_sources(policy, directive, sources)
    return policy


def with_blocks(body, blocks: Blocks | None):
    """Jinja2 global: ``body`` with its blocks in place (``blocks`` from the view)."""
    if blocks is None:
        blocks = Blocks()
    return blocks.render(str(body))
