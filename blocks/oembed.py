"""A small oEmbed client: only providers on the allow-list are asked, with a timeout, a
size limit and no redirects (a provider's answer can never point the server at another
host), and every failure is a message an editor can act on."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from blocks.providers import Provider

USER_AGENT = "Newsroom-oEmbed/1.0 (+https://github.com/newsroom)"


class FetchProblem(Exception):
    """The provider could not give what was asked; the text says why, in Indonesian."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(provider: Provider, url: str, *, limit: int, accept: str) -> tuple[bytes, str]:
    """The body (at most ``limit`` bytes) and content type of ``url``."""
    if not url.startswith(("https://", "http://")):
        raise FetchProblem(_("Alamat %(name)s tidak dikenal.") % {"name": provider.name})
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url, headers={"User-Agent": USER_AGENT, "Accept": accept}
    )
    timeout = settings.NEWSROOM_EMBED_TIMEOUT
    try:
        with _opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchProblem(_too_large(provider, limit))
            data = response.read(limit + 1)
            kind = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        if error.code in (401, 403, 404, 410):
            raise FetchProblem(
                _("%(name)s menjawab %(code)s: pos tidak ada, dihapus, atau tak boleh disematkan.")
                % {"name": provider.name, "code": error.code}
            ) from None
        raise FetchProblem(
            _("%(name)s menjawab dengan galat %(code)s. Coba lagi nanti.")
            % {"name": provider.name, "code": error.code}
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:  # TimeoutError too
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise FetchProblem(
                _("%(name)s tidak menjawab dalam %(seconds)s detik.")
                % {"name": provider.name, "seconds": timeout}
            ) from None
        raise FetchProblem(
            _("%(name)s tidak dapat dihubungi (%(reason)s).")
            % {"name": provider.name, "reason": reason}
        ) from None
    if len(data) > limit:
        raise FetchProblem(_too_large(provider, limit))
    return data, kind


def _too_large(provider, limit) -> str:
    return _("Jawaban %(name)s melebihi %(kb)s KB; tidak diambil.") % {
        "name": provider.name,
        "kb": limit // 1024,
    }


def fetch(provider: Provider, url: str) -> dict:
    """The provider's oEmbed answer for ``url``: a dict with at least ``type``."""
    if not provider.endpoint:
        raise FetchProblem(_("%(name)s tidak punya layanan oEmbed.") % {"name": provider.name})
    params = {"url": url, "format": "json", "maxwidth": 960}
    if provider.token:
        params["access_token"] = provider.token
    data, _kind = get(
        provider,
        f"{provider.endpoint}?{urlencode(params)}",
        limit=settings.NEWSROOM_EMBED_MAX_BYTES,
        accept="application/json",
    )
    try:
        answer = json.loads(data)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("type"), str):
        raise FetchProblem(
            _("Jawaban %(name)s bukan data oEmbed yang sah.") % {"name": provider.name}
        )
    return answer
