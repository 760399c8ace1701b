"""The reader's or editor's own address, as the login lockout (and rate limits) see it.

Each proxy in front (``NEWSROOM_PROXY_COUNT``: nginx alone is 1, a load balancer and
nginx 2) appends the address that connected to it to ``X-Forwarded-For``. The client's
address is therefore the entry that many places from the right; anything further left
was written by the client itself and may be forged. With no proxy, the connection's
own address. (django-ipware, with a proxy count, answers the leftmost entry: a forged
address would let a password guesser escape the lockout.)
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    proxies = settings.NEWSROOM_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR")
    if proxies:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [part for part in chain if part]
        if len(chain) >= proxies:
            address = chain[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:  # not an address: what a misconfigured proxy sent
        return request.META.get("REMOTE_ADDR")
