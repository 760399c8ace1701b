"""Readers' pages, feeds, sitemaps and JSON compressed (Brotli or gzip), with or without a
proxy in front.

Only what anonymous readers get is compressed. Compressing a page that carries a secret
(a CSRF token, a session's data) next to text an attacker can inject is what the BREACH
attack exploits; a reader's page carries no secret (no session, no token, no cookie set),
so nothing is to be learned from its compressed length. Staff pages and the admin go out
as they are. Pages from the page cache are compressed once, when stored
(``infra.pagecache``), and served in the encoding each reader accepts.
"""

import gzip

import brotli
from django.conf import settings
from django.utils.cache import patch_vary_headers

COMPRESSIBLE_TYPES = (
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/ld+json",
)
MIN_BYTES = 1024  # below this the headers outweigh what compression saves
ENCODINGS = ("br", "gzip")  # preferred first


def accepted(request) -> list[str]:
    """The encodings of ours the client accepts (``Accept-Encoding``, without q=0)."""
    found = []
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name in ENCODINGS and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00"):
            found.append(name)
    return [encoding for encoding in ENCODINGS if encoding in found]


def compressible(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        not response.streaming
        and not response.has_header("Content-Encoding")
        and content_type in COMPRESSIBLE_TYPES
        and len(response.content) >= MIN_BYTES
    )


def compress(content: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(content, quality=5)
    return gzip.compress(content, compresslevel=6, mtime=0)


def decompress(body: bytes, encoding: str | None) -> bytes:
    """``body`` as it was before ``compress`` (for checks and tests)."""
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    return body


def variants(response) -> dict[str, bytes]:
    """The response's body in every encoding we offer (none if not worth compressing)."""
    if not compressible(response):
        return {}
    return {encoding: compress(response.content, encoding) for encoding in ENCODINGS}


def use(response, encoding: str, body: bytes) -> None:
    """Send ``body`` (the content in ``encoding``) instead of the content. Its ETag
    becomes weak: the same page in another encoding, which If-None-Match still matches."""
    response.content = body
    response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(body))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = f"W/{etag}"


def is_for_a_reader(request, response) -> bool:
    """An anonymous reader's response: no session, nothing set in a cookie, not the admin."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not response.cookies
        and not request.path.startswith("/admin/")
    )


class CompressReadersPagesMiddleware:
    """Compress what anonymous readers get that is not compressed yet (search results,
    pages made while the page cache is off); say ``Vary: Accept-Encoding`` on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_for_a_reader(request, response):
            return response
        packable = compressible(response)
        if packable or response.has_header("Content-Encoding"):
            patch_vary_headers(response, ("Accept-Encoding",))
        offered = accepted(request)
        if offered and packable:
            use(response, offered[0], compress(response.content, offered[0]))
        return response
