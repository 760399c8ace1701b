"""Fast and never wrong: the page cache for anonymous readers.

Public pages (headlines, articles, listings, feeds, sitemaps) are kept in the configured
cache under a *generation*: any change to what readers may see (publishing, editing a
public story, a correction, a takedown, a ribbon, a rubrik, a site page...) moves to a
new generation, so the next reader gets a fresh page at once (through another worker or
server: within NEWSROOM_PAGE_RECHECK_MS, see ``current_generation``). A change readers
cannot see (a draft saved, a review step, a photo uploaded that no public story shows)
keeps the cache: on a busy morning it is not emptied by every reporter's save. A change
that shows on a few pages only (an entry of a live coverage) renews just those pages
(``invalidate_paths``): each page's entry carries its path's version too. The
services decide for stories (``articles.services``); ``ReadersSeeChangesAdmin`` for the
other models edited in the admin. No cached page
outlives the next moment the site changes by itself (a scheduled story's time, a pin or
ribbon expiring): the cache time is cut to that moment. Staff and previews are never
cached.
"""

import hashlib
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe, urlencode
from django.utils.module_loading import import_string

from infra import compression
from infra.cache import available
from infra.paths import view_at

GENERATION_KEY = "pages:generation"
# Counts the changes made to single pages (``invalidate_paths``): a worker that sees it
# move forgets its own copies of pages, which it then fetches again with their versions.
SPOT_KEY = "pages:spot-changes"


def _first_generation() -> int:
    # Started from the clock, not from 1: if the cache ever loses the counter, a new one
    # can never meet pages stored under an earlier generation of the same number.
    start = time.time_ns()
    cache.add(GENERATION_KEY, start, None)
    return cache.get(GENERATION_KEY, start)


def invalidate() -> bool:
    """Readers see every public change at once: start a new generation of pages. The
    generation is the moment of the change (nanoseconds since the epoch): read replicas
    serve no page until they hold it (``infra.routers``). False if the cache could not
    record it (it is away: see ``current_generation``)."""
    _generation[0] = None  # this worker's next reader asks again
    return cache.set(GENERATION_KEY, time.time_ns(), None) is not False


def _path_key(path: str) -> str:
    return "pages:path:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def invalidate_paths(paths) -> bool:
    """Readers see a change on these pages (their paths, every query and language) at
    once, and every other page stays cached: each path's version moves on, so a copy
    stored under the old version is no longer served as fresh. False if the cache could
    not record it (it is away)."""
    recorded = True
    for path in set(paths):
        recorded &= _bump(_path_key(path))
        # The page itself goes too (in every language, without query parameters): should
        # the shared cache ever lose the path's version, this copy cannot come back.
        cache.delete_many(
            [
                _entry_key(language, method, path)
                for language in _LANGUAGES
                for method in ("GET", "HEAD")
            ]
        )
    recorded &= _bump(SPOT_KEY)
    _generation[0] = None  # this worker's next reader asks again
    return recorded


def _bump(key: str) -> bool:
    cache.add(key, 0, None)
    try:
        cache.incr(key)
    except ValueError:  # evicted, or the cache is away
        return cache.set(key, time.time_ns(), None) is not False
    return True


def invalidate_paths_on_commit(paths) -> None:
    """``invalidate_paths`` once the current transaction commits."""
    paths = list(paths)
    transaction.on_commit(lambda: invalidate_paths(paths))


def invalidate_on_commit() -> None:
    """``invalidate`` once the current transaction commits (at once outside one): a
    reader who comes between the change and its commit would cache the old page again."""
    transaction.on_commit(invalidate)


# The generation this worker last read, and when (time.monotonic()). Under load a worker
# serves hundreds of cached pages a second, and asking the shared cache for the number
# was half the cost of each one: it asks at most once per NEWSROOM_PAGE_RECHECK_MS, so a
# change made through another worker or server reaches this worker's readers within
# that time (a change made through this worker, at once). Browsers and CDNs are allowed
# NEWSROOM_BROWSER_CACHE_SECONDS / NEWSROOM_CDN_CACHE_SECONDS on top of it anyway.
_generation: list = [None]  # (time.monotonic() when read, the generation)


# How many times this process has seen the shared cache go away (``infra.cache``) and
# started a new generation when it came back: a change made while it was away (a story
# taken down) could not be recorded there, so no page stored before may be served after.
_outages_seen: list = [0]


def current_generation() -> int:
    outages = getattr(cache, "outages", 0)
    if outages != _outages_seen[0] and invalidate():
        _outages_seen[0] = outages
    known, now = _generation[0], time.monotonic()
    if known is not None and now - known[0] < settings.NEWSROOM_PAGE_RECHECK_MS / 1000:
        return known[1]
    found = cache.get_many([GENERATION_KEY, SPOT_KEY])
    value = found.get(GENERATION_KEY) or _first_generation()
    spot = found.get(SPOT_KEY, 0)
    if spot != _spot_seen[0]:  # a page changed: its copy here may be old
        _spot_seen[0] = spot
        _kept.clear()
        _path_versions.clear()
    _generation[0] = (now, value)
    return value


# The single-page changes this worker has seen (``SPOT_KEY``), and the versions of the
# paths whose pages it keeps (read with the pages from the shared cache).
_spot_seen: list = [0]
_path_versions: dict[str, int] = {}


def changed_at() -> float:
    """When readers' pages last changed (or were first made), as a timestamp."""
    return current_generation() / 1e9


def next_change(current: int) -> float:
    """When the site next changes by itself (a scheduled publish time, or a pin or ribbon
    that expires), as a timestamp. Computed once per generation."""
    key = f"pages:{current}:next-change"
    moment = cache.get(key)
    if moment is None:
        moment = _upcoming_change()
        cache.set(key, moment, max(1, int(moment - time.time())))
    return moment


def _upcoming_change() -> float:
    """Asked of the database: the next moment the site changes by itself, else in a day.
    The functions NEWSROOM_NEXT_PUBLIC_CHANGES names say it: the page cache knows no
    app's models."""
    moments = [import_string(name)() for name in settings.NEWSROOM_NEXT_PUBLIC_CHANGES]
    upcoming = min((moment for moment in moments if moment), default=None)
    return (upcoming or timezone.now() + timedelta(days=1)).timestamp()


def _seconds_until(moment: float) -> int:
    return max(0, int(moment - time.time()))


def _is_anonymous(request) -> bool:
    # Decided from the cookie: looking up a session costs a query a cached page must not.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _language(request) -> str:
    """The language an anonymous reader's page is in: the language switch's cookie, else
    the site's (as ``infra.middleware.LanguageMiddleware`` decides for readers)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in _LANGUAGES else settings.LANGUAGE_CODE


_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _key(request, params: frozenset) -> str:
    """One entry per page: its path and only the query parameters the page uses (a
    listing's ``page``). Tracking parameters (``fbclid``, ``utm_*``...) and anything else
    never make a new entry, so a story shared with a different ``fbclid`` on every click
    is still served from the cache. The generation is kept inside the entry, so a hit
    costs a single round trip to the cache."""
    used = sorted((name, value) for name, value in request.GET.items() if name in params)
    address = f"{request.path}?{urlencode(used)}" if used else request.path
    return _entry_key(_language(request), request.method, address)


def _entry_key(language: str, method: str, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"pages:{language}:{method}:{digest}"


def _page_params(request) -> frozenset | None:
    """The query parameters the requested page uses, or None if it is no cached page
    (``public_page`` marks the views that are)."""
    match = view_at(request.path_info)
    return getattr(match.func, "page_cache_params", None) if match else None


CACHEABLE_STATUS = {200, 301, 404, 410}


def _cacheable_request(request) -> bool:
    return (
        settings.NEWSROOM_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and _is_anonymous(request)
    )


class PageCacheMiddleware:
    """Serve a reader's page from the cache before any other work, or store the page a
    view wrapped in ``public_page`` just made, with the headers every middleware gave it.

    It sits near the top of MIDDLEWARE: above it only what every answer needs (HTTPS
    redirect and security headers, the refusal of malformed requests, static files, and
    compression, which leaves an answer already in the reader's encoding alone). A hit
    skips sessions, users, language, CSRF, messages and the view: the stored page already
    carries the headers they added. Conditional requests are answered here (304)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        params = _page_params(request) if _cacheable_request(request) else None
        if params is None:
            return self.get_response(request)
        key = _key(request, params)
        if not available(cache):
            return self._without_cache(request, key)
        generation = current_generation()
        path_key = _path_key(request.path)
        entry = _kept.get(key)
        version = _path_versions.get(path_key)
        current = (generation, version)
        if version is None or not _is_fresh(entry, current):
            found = cache.get_many([key, path_key])  # one round trip for both
            entry, version = found.get(key), found.get(path_key, 0)
            current = (generation, version)
            if _is_fresh(entry, current):
                _keep(key, entry)
                _remember_version(path_key, version)
        if _is_fresh(entry, current):
            return _answer(request, entry, "hit")
        # After a change, the first reader of a page makes it anew; the others meanwhile
        # get the page as it was (for the milliseconds that takes, at most
        # NEWSROOM_PAGE_STALE_SECONDS), instead of all making it at once.
        rebuilding = f"{key}:rebuild" if _is_stale(entry, current) else None
        if rebuilding and not cache.add(rebuilding, 1, settings.NEWSROOM_PAGE_STALE_SECONDS):
            return _answer(request, entry, "stale")
        try:
            response = self._make(request, key, current, path_key)
        finally:
            if rebuilding:
                cache.delete(rebuilding)
        return response

    def _make(self, request, key, current, path_key):
        request.page_cache_generation = current[0]  # public_page: mark what you make
        spot = _spot_seen[0]
        response = self.get_response(request)
        if response.status_code >= 500:
            return self._instead_of_error(request, key, response)
        stored = getattr(request, "page_cache_until", None)
        if stored is not None and _storable(response):
            ttl = _seconds_until(stored)
            if ttl > 0:
                entry = _to_entry(response, current, stored)
                # Kept past its life for the moments the page cannot be made (below).
                cache.set(key, entry, ttl + settings.NEWSROOM_PAGE_STALE_IF_ERROR_SECONDS)
                if _spot_seen[0] == spot:  # else a page changed meanwhile: ask next time
                    _keep(key, entry)
                    _remember_version(path_key, current[1])
                _compressed(response, entry, compression.accepted(request))
        response.headers["X-Page-Cache"] = "miss"
        return response

    def _without_cache(self, request, key):
        """The shared cache is away (``infra.cache``): the page is made from the database
        and not stored; a copy this process kept serves only if making it fails."""
        request.page_cache_down = True  # public_page: proxies may still keep it briefly
        response = self.get_response(request)
        if response.status_code >= 500:
            return self._instead_of_error(request, key, response)
        response.headers["X-Page-Cache"] = "off"
        return response

    def _instead_of_error(self, request, key, response):
        """Making the page failed (the database does not answer: a 503 saying so): the
        last copy of the page, whatever its age, is better than an error page. Marked
        stale and not to be kept (``max-age=0``), so the next request tries again."""
        entry = _kept.get(key)
        if entry is None and available(cache):
            entry = cache.get(key)
        if not _is_entry(entry):
            return response
        return _answer(request, entry, "stale-if-error", ttl=0)


def _answer(request, entry, how: str, ttl: int | None = None) -> HttpResponse:
    """The stored page for this reader: in an encoding they accept, or 304 Not Modified."""
    response = _from_entry(entry, compression.accepted(request))
    _mark_public(response, _seconds_until(entry[1]) if ttl is None else ttl, vary=False)
    response.headers["X-Page-Cache"] = how  # hit or stale: for operators, bench/morning.py
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=_last_modified(response),
        response=response,
    )


def _last_modified(response):
    header = response.get("Last-Modified")
    return parse_http_date_safe(header) if header else None


def public_page(view, *, params: tuple[str, ...] = (), seconds: int | None = None):
    """A page readers may get from the page cache (``PageCacheMiddleware`` serves it):
    mark what the view makes for storing, and tell browsers and CDNs how long to keep it.
    ``params``: the query parameters the page's content depends on (a listing's
    ``page``); any other is ignored, for the cache and by the page. Staff and signed-in
    users get it fresh, never cached. ``seconds``: kept at most this long (an answer that
    moves with the clock), else ``NEWSROOM_PAGE_CACHE_SECONDS``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.NEWSROOM_PAGE_CACHE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        if not _cacheable_request(request):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
            return response
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        current = getattr(request, "page_cache_generation", None)
        if current is not None and _storable(response):
            life = min(
                seconds or settings.NEWSROOM_PAGE_CACHE_SECONDS,
                settings.NEWSROOM_PAGE_CACHE_SECONDS,
            )
            moment = min(time.time() + life, next_change(current))
            _mark_public(response, _seconds_until(moment))
            if not response.has_header("ETag"):
                set_response_etag(response)  # hashed once, not on every hit
            request.page_cache_until = moment
        elif getattr(request, "page_cache_down", False) and _storable(response):
            # No shared cache to keep it in: nginx and CDNs may keep it for the seconds
            # they may keep any page, so a busy page is not made for every reader.
            moment = min(time.time() + settings.NEWSROOM_PROXY_CACHE_SECONDS, _upcoming_change())
            _mark_public(response, _seconds_until(moment), shared_only=True)
        return response

    wrapper.page_cache_params = frozenset(params)
    return wrapper


# The pages this worker served last, as stored in the shared cache. A kept copy is shown
# only under the current generation (``current_generation``), so never after a change
# has reached this worker; it spares fetching the page itself from Redis again and again.
# Bounded in number and in bytes: a large page (a sitemap section of 50,000 addresses)
# is left in Redis alone.
KEPT_PAGES = 128
KEPT_BYTES = 16 * 1024 * 1024
KEPT_PAGE_BYTES = 512 * 1024
_kept: dict = {}


def _size(entry: tuple) -> int:
    return len(entry[4]) + sum(len(body) for body in entry[5].values())


def _keep(key: str, entry: tuple) -> None:
    size = _size(entry)
    if size > KEPT_PAGE_BYTES:
        return
    held = sum(_size(kept) for kept in _kept.values())
    if len(_kept) >= KEPT_PAGES or held + size > KEPT_BYTES:
        _kept.clear()
    _kept[key] = entry


ENTRY_FIELDS = 6  # generation, until, status, headers, body, compressed bodies


def _remember_version(path_key: str, version: int) -> None:
    if len(_path_versions) >= KEPT_PAGES * 4:
        _path_versions.clear()
    _path_versions[path_key] = version


def _is_entry(entry) -> bool:
    # An entry of another shape (stored by an earlier release) is a miss, not an error.
    return isinstance(entry, tuple) and len(entry) == ENTRY_FIELDS


def _is_stale(entry, current: tuple) -> bool:
    """A page of an earlier generation that has not reached its own end of life (a
    scheduled change ends it: such a page is never served again)."""
    return _is_entry(entry) and entry[0] != current and entry[1] > time.time()


def _is_fresh(entry, current: tuple) -> bool:
    """Stored under this generation and this version of its path (``current``)."""
    return _is_entry(entry) and entry[0] == current and entry[1] > time.time()


def _to_entry(response, current: tuple, moment: float) -> tuple:
    """A stored page: plain values, quicker to load than a pickled response object, with
    the body compressed once in each encoding readers may ask for."""
    variants = compression.variants(response)
    if variants:
        patch_vary_headers(response, ("Accept-Encoding",))
    left_out = ("Cache-Control", "Content-Length", "Content-Encoding", "Set-Cookie", "X-Page-Cache")
    headers = [(name, value) for name, value in response.items() if name not in left_out]
    return (current, moment, response.status_code, headers, response.content, variants)


def _from_entry(entry, encodings: list[str]) -> HttpResponse:
    _generation, _moment, status, headers, content, _variants = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(content))
    _compressed(response, entry, encodings)
    return response


def _compressed(response, entry, encodings: list[str]) -> None:
    """Send the stored body in the first encoding the reader accepts, if there is one."""
    for encoding in encodings:
        if encoding in entry[5]:
            compression.use(response, encoding, entry[5][encoding])
            return


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUS
        and not response.streaming
        and "no-store" not in cache_control
        and "private" not in cache_control
        and not response.cookies
    )


def _mark_public(response, ttl: int, *, vary: bool = True, shared_only: bool = False) -> None:
    browser = min(settings.NEWSROOM_BROWSER_CACHE_SECONDS, ttl)
    shared = min(settings.NEWSROOM_CDN_CACHE_SECONDS, ttl)
    # For nginx in front (deploy/nginx/newsroom.conf), which keeps the header to itself.
    response.headers["X-Accel-Expires"] = str(min(settings.NEWSROOM_PROXY_CACHE_SECONDS, ttl))
    response.headers.pop("Cache-Control", None)
    patch_cache_control(
        response,
        public=True,
        max_age=0 if shared_only else browser,
        s_maxage=shared,
        stale_while_revalidate=shared * 5,
        # A CDN may serve its copy while the site cannot make the page (database down).
        stale_if_error=settings.NEWSROOM_PAGE_STALE_IF_ERROR_SECONDS,
    )
    if vary:
        patch_vary_headers(response, ("Cookie",))


class ReadersSeeChangesAdmin:
    """A ``ModelAdmin`` mixin for models whose rows readers see (rubriks, regions,
    sources, ribbons, site pages, photos, bylines): a save or delete in the admin that
    readers can see starts a new page generation once committed; any other does not."""

    # The fields readers see: a change to others (a note for the desk, a setting only
    # the admin shows) keeps the cache. None: every field.
    fields_readers_see: tuple[str, ...] | None = None
    # Whether a row shows anywhere as soon as it is added (a rubrik in the navigation),
    # or only once something public uses it (a photo, a user).
    readers_see_new_rows = True

    def readers_see(self, obj) -> bool:
        """Whether readers see this row at all (a photo: whether a public story shows it)."""
        return True

    def note_saved(self, obj, form, change) -> None:
        """After a save: a new generation if readers see what changed."""
        shown = self.fields_readers_see
        if change:
            seen_change = shown is None or bool(set(form.changed_data) & set(shown))
        else:
            seen_change = self.readers_see_new_rows
        if seen_change and self.readers_see(obj):
            invalidate_on_commit()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.note_saved(obj, form, change)

    def delete_model(self, request, obj):
        seen = self.readers_see(obj)
        super().delete_model(request, obj)
        if seen:
            invalidate_on_commit()

    def delete_queryset(self, request, queryset):
        seen = any(self.readers_see(obj) for obj in queryset)
        super().delete_queryset(request, queryset)
        if seen:
            invalidate_on_commit()
