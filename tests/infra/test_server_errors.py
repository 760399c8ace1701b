"""A server error shows the reader a page, not a traceback, and tells the operator where."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from infra.requestlog import RequestContextFilter

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_failing")]


def formatted(record) -> str:
    """The line the production log handler writes for ``record``."""
    RequestContextFilter().filter(record)
    return logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]).format(record)


def test_a_server_error_shows_the_site_error_page_without_a_traceback():
    response = Client(raise_request_exception=False).get("/rusak/")
    assert response.status_code == 500
    assert "Terjadi gangguan" in response.text
    for leak in ("Traceback", "RuntimeError", "rahasia-internal", 'File "'):
        assert leak not in response.text


def test_a_server_error_is_logged_with_path_and_user_but_not_the_body(caplog, editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client.post("/rusak/?langkah=1", {"password": "sandi-rahasia-123"})
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = formatted(record)
    assert "path='/rusak/'" in line
    assert f"user={editor.pk}" in line
    assert "POST" in line
    assert "sandi-rahasia-123" not in line
    assert record.exc_info  # the traceback goes to the operator's log


def test_an_anonymous_readers_error_is_logged_without_a_user(caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        Client(raise_request_exception=False).get("/rusak/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert "path='/rusak/' user=-]" in formatted(record)


def test_lines_outside_a_request_are_plain():
    record = logging.LogRecord("articles", logging.WARNING, __file__, 1, "pesan", None, None)
    assert formatted(record) == "WARNING articles: pesan"


@pytest.mark.urls("newsroom.urls")
def test_a_refused_admin_page_says_so_in_indonesian(reporter_client):
    response = reporter_client.get("/admin/auth/group/")
    assert response.status_code == 403
    assert "Anda tidak berhak membuka halaman ini" in response.text
