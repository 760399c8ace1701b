"""A URL configuration that mounts the site under /elsewhere/ (tests of path_to)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("newsroom.urls"))]
