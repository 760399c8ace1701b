"""``reverse()`` for the links every page repeats, worked out once per process.

A story's or a rubrik's address depends only on its id and slug (and the site's URL
configuration and script prefix, both part of the key), so it is worked out through
Django's resolver once, not for each of the dozens of links on every page.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve, reverse


class RowIdConverter:
    """``<id:pk>``: a row id as a database key can hold it (1 to 18 digits).

    Django's ``<int:...>`` accepts any number of digits; an id past the 64-bit range
    then fails inside the database driver instead of answering 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


def path_to(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _path(urlconf, get_script_prefix(), viewname, tuple(kwargs.items()))


@lru_cache(maxsize=8192)
def _path(urlconf, prefix, viewname, kwargs) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL (a CSP source, a push service)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def absolute(path: str) -> str:
    """The address on the site's own domain (SITE_URL); an absolute one is kept."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def view_at(path: str):
    """The view ``path`` leads to (its ``func`` and ``view_name``), or None: worked out
    once per path (the page cache and the rate limits ask on every request)."""
    return _view_at(settings.ROOT_URLCONF, path)


@lru_cache(maxsize=4096)
def _view_at(urlconf: str, path: str):
    try:
        return resolve(path, urlconf)
    except Resolver404:
        return None
