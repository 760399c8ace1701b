"""Read replicas: public pages read from a replica; the admin and every write use the primary.

``PrimaryForWritesMiddleware`` marks each request: reads go to a replica only for
anonymous GET/HEAD requests outside the admin. Within such a request every write (the
read counter's upsert, a session) still goes to the primary, as do reads of anything
written there during the same request.
"""

import random
from contextvars import ContextVar

from django.conf import settings

_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas()
        if choices and _use_replica.get():
            return random.choice(choices)
        return "default"

    def db_for_write(self, model, **hints):
        _use_replica.set(False)  # read your own writes for the rest of the request
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class PrimaryForWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)


def reads_from_replica(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/admin/"):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES
