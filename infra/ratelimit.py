"""Limits per client address on what must run uncached (search, the read beacon, preview
links, the login form), so one client cannot take the site's capacity.

Counted in the shared cache per client address (``infra.addresses``, behind the
configured proxies) in fixed windows; past the limit the answer is 429 with
``Retry-After`` and a page saying so. The limits (``NEWSROOM_RATE_LIMITS``: requests per
minute) are generous on purpose: Indonesian mobile networks put many readers behind one
address (carrier-grade NAT), and a newsroom works behind one office address. Signed-in
staff are never limited on search and previews; the login form is limited for everyone
(django-axes locks an account on top of it).

While the shared cache is away (``infra.cache``) each process counts alone, in its own
memory: a client is still limited, at most to the limit times the number of server
processes. The login lockout (django-axes) is kept in the database and holds as ever.
"""

import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from infra.cache import add_to_count

WINDOW_SECONDS = 60


def allowed(
    scope: str, address: str, limit: int | None = None, *, batch: int = 1
) -> tuple[bool, int]:
    """Count one request of ``address`` (or of an API key) in ``scope``: whether it is
    within the limit (the scope's, unless ``limit`` is given), and the seconds until the
    window ends.

    ``batch`` > 1 (the content API's cached answers, where a round trip to Redis per
    request would cost a third of the answer): this process adds its requests to the
    shared count every ``batch`` requests, and on every request once the count nears the
    limit, so a client is refused at most ``batch`` requests per server process late."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"rate:{scope}:{address}:{window}"
    limit = limit if limit is not None else settings.NEWSROOM_RATE_LIMITS[scope]
    retry_after = max(1, int(WINDOW_SECONDS - now % WINDOW_SECONDS))
    tally = _tallies.get(key)
    if tally is None:
        if len(_tallies) >= MAX_TALLIES:
            _tallies.clear()  # old windows and departed clients: counted in the cache anyway
        tally = _tallies[key] = [0, 0, False]  # unsent, shared count, key added
    tally[0] += 1
    if tally[0] >= batch or tally[1] + tally[0] + batch > limit:
        tally[1] = add_to_count(key, tally[0], WINDOW_SECONDS * 2, started=tally[2])
        tally[0], tally[2] = 0, True
    return tally[1] + tally[0] <= limit, retry_after


# Per process: each client's requests not yet added to the shared count, and the count
# the cache last gave (a client's window, keyed as in the cache).
_tallies: dict[str, list] = {}
MAX_TALLIES = 10_000


def too_many(request, retry_after: int) -> HttpResponse:
    message = _(
        "Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam %(seconds)s detik."
    ) % {"seconds": retry_after}
    body = render_to_string(
        "429.html", {"message": message, "retry_after": retry_after}, request=request
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
