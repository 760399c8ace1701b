"""The providers a link may be embedded from (``NEWSROOM_EMBED_PROVIDERS``): which one a
link belongs to, and what its player and a page that shows it need."""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings

from infra.paths import origin_of


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    patterns: tuple[re.Pattern, ...]
    endpoint: str
    token: str
    player: str  # "iframe" or "script"
    frame: str
    script: str
    markup: str
    shape: str  # "video", "portrait" or "post": the card's reserved proportions
    thumbnails: tuple[str, ...]
    csp: dict

    def match(self, url: str) -> re.Match | None:
        return next((m for pattern in self.patterns if (m := pattern.match(url))), None)

    def frame_for(self, url: str, oembed_html: str = "") -> str:
        """The player's address: from the link (``frame`` with ``{id}``), else the first
        iframe of the provider's own HTML when it is on an origin this provider allows."""
        found = self.match(url)
        if self.frame and found:
            ident = found.groupdict().get("id") or ""
            return self.frame.format(id=ident, url_quoted=quote(url, safe=""))
        source = re.search(r'<iframe\b[^>]*\bsrc="([^"]+)"', oembed_html or "")
        if source:
            address = source.group(1).replace("&amp;", "&")
            if origin_of(address) in self.csp.get("frame-src", []):
                return address
        return ""

    def thumbnail_allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        return parts.scheme in ("https", "http") and any(
            host == allowed or host.endswith("." + allowed) for allowed in self.thumbnails
        )


def providers() -> tuple[Provider, ...]:
    """The table read each time (``re`` keeps the compiled patterns), so a changed
    setting is never answered from an old copy."""
    found = []
    for key, entry in settings.NEWSROOM_EMBED_PROVIDERS.items():
        token_setting = entry.get("token", "")
        found.append(
            Provider(
                key=key,
                name=entry["name"],
                patterns=tuple(re.compile(pattern) for pattern in entry["urls"]),
                endpoint=entry.get("endpoint", ""),
                token=getattr(settings, token_setting, "") if token_setting else "",
                player=entry.get("player", "iframe"),
                frame=entry.get("frame", ""),
                script=entry.get("script", ""),
                markup=entry.get("markup", ""),
                shape=entry.get("shape", "video"),
                thumbnails=tuple(entry.get("thumbnails", ())),
                csp=entry.get("csp", {}),
            )
        )
    return tuple(found)


def provider_for(url: str) -> Provider | None:
    url = (url or "").strip()
    return next((provider for provider in providers() if provider.match(url)), None)


def provider_named(key: str) -> Provider | None:
    return next((provider for provider in providers() if provider.key == key), None)
