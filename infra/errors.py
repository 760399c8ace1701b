"""What a request gets when a part it needs does not answer, instead of a bare 500.

``server_error`` is the site's ``handler500``. When the error is the database's (it
refused or lost the connection: ``OperationalError``, ``InterfaceError``), the answer is
503 with ``Retry-After`` and a page in the reader's language saying the site will be
back shortly; in the admin, that the newsroom is in maintenance. A save that could not
be committed was rolled back whole (the admin saves in one transaction) and the page
says so, shows the text the editor sent and offers to send it again unchanged
(``unsaved``). The page cache answers readers with the page's last copy before it comes
to this (``infra.pagecache``). Any other error is the usual 500 page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 30

# Fields never written back into a page.
_NOT_SHOWN = ("password",)


def database_failed(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request):
    if database_failed(sys.exception()):
        if request.path.startswith("/admin/"):
            return unsaved(request, _("Basis data redaksi tidak menjawab."))
        return unavailable(request)
    return defaults.server_error(request)


def unavailable(request) -> HttpResponse:
    """The reader's 503: the site is back in a moment."""
    body = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    return _no_store(HttpResponse(body, status=503))


def unsaved(request, reason: str) -> HttpResponse:
    """The admin's 503: the newsroom is in maintenance; what the editor sent (a save)
    was not stored, and comes back on the page to be sent again."""
    fields = []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if any(word in name for word in _NOT_SHOWN):
                continue
            fields.extend((name, value) for value in values)
    context = {
        "reason": reason,
        "retry_after": RETRY_AFTER_SECONDS,
        "path": request.get_full_path(),
        "fields": fields,
        # What the editor typed, to read or copy: longer text fields, not ids and flags.
        "texts": [(name, value) for name, value in fields if _typed(name, value)],
        "files_lost": request.method == "POST" and bool(request.FILES),
    }
    body = render_to_string("503_admin.html", context)
    return _no_store(HttpResponse(body, status=503))


def _typed(name: str, value: str) -> bool:
    return not name.startswith(("csrf", "_", "initial-")) and len(value.strip()) >= 20


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
