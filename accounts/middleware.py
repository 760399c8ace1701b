from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
