"""Server errors in the log with what an operator needs to find them again.

Django logs every 5xx on ``django.request`` with the request attached; this filter adds
the path and the signed-in user's id to the line. The request body is never logged: it
may hold a password, a draft under embargo or a source's name.
"""

import logging

from django.db import DatabaseError


class RequestContextFilter(logging.Filter):
    """Adds ``request_context`` (" [path=… user=…]", or "" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is None or not hasattr(request, "path"):
            record.request_context = ""
            return True
        try:
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else "-"
        except DatabaseError:  # the error being logged may be that the database is away
            user_id = "?"
        record.request_context = f" [{request.method} path={request.path!r} user={user_id}]"
        return True
