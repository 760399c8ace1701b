"""The site plus one page that fails, for the tests of server errors."""

from django.urls import include, path


def failing_view(request):
    raise RuntimeError("rahasia-internal: koneksi ke basis data putus")


urlpatterns = [path("rusak/", failing_view), path("", include("newsroom.urls"))]
