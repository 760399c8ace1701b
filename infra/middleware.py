"""The project's own middleware: what every request passes through, in one module.

- Malformed requests that Django or the database would answer with a server error are
  refused or made harmless before any view sees them. They come from crafted or damaged
  requests, never from the site's own pages, and they fail inside Django or the database
  driver whatever the view, so they are handled once, here, rather than in every view.
- The language: Indonesian unless the reader or editor chose English.
- The admin's Content Security Policy.
- Rate limits on what runs uncached (search, the read beacon, previews, login attempts;
  the counting is in ``infra/ratelimit.py``).

(Read replicas have their middleware beside their router, in ``infra/routers.py``; it
is installed only when replicas are configured.)
"""

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from infra import ratelimit
from infra.addresses import client_address
from infra.internals import give_csp
from infra.paths import view_at


class GateMiddleware:
    """Hand the requests under a path to the check an app names for it in
    ``NEWSROOM_GATES`` (the content API's keys and limits: ``{"/api/": "api.keys.gate"}``),
    before the page cache answers; every other request passes untouched, without running
    the app's code. A gate is called as ``gate(request, get_response)``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.gates = [
            (prefix, import_string(dotted)) for prefix, dotted in settings.NEWSROOM_GATES.items()
        ]

    def __call__(self, request):
        for prefix, gate in self.gates:
            if request.path_info.startswith(prefix):
                return gate(request, self.get_response)
        return self.get_response(request)


class NullCharacterMiddleware:
    """A NUL character in the address, the query, a form field or a cookie answers 400.

    No page has a use for one, and PostgreSQL refuses it in any text value: a search,
    slug, tag or session lookup carrying one would fail with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            html = render_to_string(
                "400.html",
                {"reason": _("Alamat atau isian ini memuat karakter yang tidak sah (NUL).")},
                request=request,
            )
            return HttpResponseBadRequest(html)
        return self.get_response(request)


def _carries_nul(request) -> bool:
    if "\x00" in request.path_info or "\x00" in "".join(request.COOKIES.values()):
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for data in sources
        for key, values in data.lists()
    )


class AdminRequestMiddleware:
    """- An empty ``_to_field`` means "no field given". The admin checks a non-empty one
      against the fields it allows, but looks up "" as a field name: a 500 on every change,
      delete and history page.
    - A bulk action's selection must be keys of the list's model. The admin filters by
      whatever was posted and fails when the action reads the rows; a selection with any
      value that is not a key is dropped whole, and the admin then says that nothing was
      selected and nothing changed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            for name in ("GET", "POST"):
                data = getattr(request, name)
                if TO_FIELD_VAR in data and not data.get(TO_FIELD_VAR):
                    setattr(request, name, _without(data, TO_FIELD_VAR))
            if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
                selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
                key = _list_model_key(request)
                if key is not None and not all(is_key(key, value) for value in selected):
                    request.POST = _without(request.POST, ACTION_CHECKBOX_NAME)
        return self.get_response(request)


def _without(data, name):
    data = data.copy()
    del data[name]
    return data


def _list_model_key(request):
    """The primary key field of the model whose admin list this request posts to."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    model_admin = getattr(match.func, "model_admin", None)  # set by ModelAdmin.get_urls
    return model_admin.model._meta.pk if model_admin is not None else None


def is_key(field, value) -> bool:
    """Whether ``value`` is a valid value of key ``field`` (type and database range)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class LanguageMiddleware:
    """Activate the reader's or editor's chosen language, Indonesian otherwise.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    many Indonesian editors run English browsers, and the site is Indonesian
    first. English is chosen explicitly: a signed-in user's own preference, else the
    language switch (cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        preference = getattr(user, "language", "") if user and user.is_authenticated else ""
        language = preference or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class AdminContentSecurityPolicyMiddleware:
    """Give admin responses SECURE_CSP_ADMIN instead of the public site's policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            give_csp(response, settings.SECURE_CSP_ADMIN)
        return response


# Signed-in staff are not limited where they work.
STAFF_EXEMPT = {"search", "preview"}


def _scope(request) -> str | None:
    match = view_at(request.path_info)
    scope = settings.NEWSROOM_RATE_LIMITED_VIEWS.get(match.view_name) if match else None
    if scope == "login" and request.method != "POST":
        return None  # showing the form costs nothing; trying a password does
    return scope


class RateLimitMiddleware:
    """What runs uncached (search, the read beacon, previews, login attempts) is limited
    per client address (``infra/ratelimit.py``); everything else passes at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _scope(request)
        if scope is None:
            return self.get_response(request)
        if scope in STAFF_EXEMPT and request.user.is_authenticated and request.user.is_staff:
            return self.get_response(request)
        within, retry_after = ratelimit.allowed(scope, client_address(request) or "unknown")
        if within:
            return self.get_response(request)
        return ratelimit.too_many(request, retry_after)
