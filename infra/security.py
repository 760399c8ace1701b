"""The admin's Content Security Policy (see SECURE_CSP_ADMIN in settings)."""

from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Give admin responses SECURE_CSP_ADMIN instead of the public site's policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response
