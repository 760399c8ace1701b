"""A bare Django view with no middleware at all: what a cached page is measured against
(bench/proxy.py). Served by gunicorn as ``bench.bare:application``."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    SECRET_KEY="benchmark-only-bare-view-0123456789-abcdefghijklmnopqrstuvwxyz",
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def page(request):
    size = request.GET.get("bytes", "20000")
    return HttpResponse(b"x" * int(size if size.isdigit() else 0), content_type="text/html")


urlpatterns = [path("", page)]
application = get_wsgi_application()
