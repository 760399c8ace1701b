"""Standard Web Push, sent by this server alone: the payload encrypted for the reader's
browser (RFC 8291, aes128gcm, ``http_ece``), signed with the server's VAPID key
(RFC 8292, ``py_vapid``), posted to the browser's push service with TTL and Urgency."""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

import http_ece
import py_vapid
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

from infra.paths import origin_of

TIMEOUT_SECONDS = 10


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def server_key() -> py_vapid.Vapid02:
    """The server's VAPID key: NEWSROOM_VAPID_PRIVATE_KEY (PEM), else one made once and
    kept in the database (``PushSettings``)."""
    from push.models import PushSettings

    pem = settings.NEWSROOM_VAPID_PRIVATE_KEY
    if not pem:
        stored = PushSettings.current()
        if not stored.vapid_private_key:
            made = py_vapid.Vapid02()
            made.generate_keys()
            stored.vapid_private_key = made.private_pem().decode()
            stored.save(update_fields=["vapid_private_key"])
        pem = stored.vapid_private_key
    return py_vapid.Vapid02.from_pem(pem.encode())


def application_server_key() -> str:
    """The public key browsers subscribe with (base64url, uncompressed point)."""
    public = server_key().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64encode(public)


@dataclass
class Receiver:
    endpoint: str
    p256dh: str
    auth: str


def encrypt(receiver: Receiver, payload: bytes) -> bytes:
    sender = ec.generate_private_key(ec.SECP256R1())
    return http_ece.encrypt(
        payload,
        private_key=sender,
        dh=b64decode(receiver.p256dh),
        auth_secret=b64decode(receiver.auth),
        version="aes128gcm",
    )


def vapid_headers(vapid, service: str) -> dict:
    """The VAPID signature for a push service (its origin, RFC 8292): the same for every
    subscription at that service, so an alert signs once per service."""
    return vapid.sign({"sub": settings.NEWSROOM_VAPID_SUBJECT, "aud": service})


def send(
    receiver: Receiver, message: dict, *, ttl: int, urgency: str, vapid=None, signed=None
) -> int:
    """Post one alert; the push service's HTTP status (201 delivered, 404/410 gone), or
    0 when it could not be reached. ``signed``: the service's VAPID headers, if made."""
    headers = dict(signed or vapid_headers(vapid or server_key(), origin_of(receiver.endpoint)))
    headers.update(
        {
            "TTL": str(ttl),
            "Urgency": urgency,
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
        }
    )
    body = encrypt(receiver, json.dumps(message).encode())
    # Only push services on NEWSROOM_PUSH_SERVICES reach here (push.services), http(s).
    request = urllib.request.Request(  # noqa: S310
        receiver.endpoint, data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0
