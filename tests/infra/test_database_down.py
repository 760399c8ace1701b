"""The primary database does not answer: readers get the page's last copy (stale) or a
clear Indonesian 503 with Retry-After; the admin says the newsroom is in maintenance; a
save that could not commit is rolled back whole and its text comes back to be sent
again. When the database answers again, everything works without a restart."""

import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from articles.models import Article
from infra import pagecache
from tests.factories import admin_form_data, make_article
from tests.faults import database_refuses as refused

pytestmark = pytest.mark.django_db


def refuses_writes(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


def reader() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def expire(path: str) -> None:
    """Make the stored copy of ``path`` past its life (as if its five minutes were over)."""
    key = next(k for k in pagecache._kept if k)
    entry = pagecache._kept[key]
    old = (entry[0], entry[1] - 10_000, *entry[2:])
    pagecache._kept.clear()
    cache.set(key, old, None)
    assert pickle.loads(pickle.dumps(old))  # stored as plain values


def test_a_page_past_its_life_is_served_stale_while_the_database_is_away(page_cache):
    article = make_article(headline="Gempa M5,1 guncang Lebak")
    assert reader().get(article.get_absolute_url()).status_code == 200
    expire(article.get_absolute_url())
    with connection.execute_wrapper(refused):
        response = reader().get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale-if-error"
    assert "Gempa M5,1 guncang Lebak" in response.text
    assert "max-age=0" in response["Cache-Control"]
    # Back: made anew from the database, without a restart.
    fresh = reader().get(article.get_absolute_url())
    assert fresh.status_code == 200 and fresh["X-Page-Cache"] == "miss"


def test_a_page_never_stored_is_a_503_in_indonesian_with_retry_after(page_cache):
    article = make_article()
    with connection.execute_wrapper(refused):
        response = reader().get(article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Situs sedang dipulihkan" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    with connection.execute_wrapper(refused):
        english = reader()
        english.cookies["django_language"] = "en"
        assert "The site is being restored" in english.get("/cari/?q=x").text
    assert reader().get(article.get_absolute_url()).status_code == 200


def test_the_admin_says_the_newsroom_is_in_maintenance(editor_client):
    editor_client.raise_request_exception = False
    with connection.execute_wrapper(refused):
        response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 503
    assert "Ruang redaksi sedang dalam pemeliharaan" in response.text
    assert response["Retry-After"] == "30"


def test_a_save_that_could_not_commit_changes_nothing_and_gives_the_text_back(editor_client):
    article = make_article(headline="Judul lama", body="<p>Isi lama.</p>")
    typed = "<p>Warga Kampung Cibeber mengungsi ke masjid setelah banjir setinggi satu meter.</p>"
    editor_client.raise_request_exception = False
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(article, headline="Judul baru yang diketik", body=typed)
    with connection.execute_wrapper(refuses_writes):
        response = editor_client.post(url, data)
    assert response.status_code == 503
    assert "Simpanan Anda belum masuk" in response.text
    # The typed text is on the page (escaped), and a form sends it all again unchanged.
    assert "Warga Kampung Cibeber mengungsi" in response.text
    assert f'action="{url}"' in response.text
    assert 'name="headline" value="Judul baru yang diketik"' in response.text
    assert "<p>Warga" not in response.text  # shown as text, never as markup
    article.refresh_from_db()
    assert article.headline == "Judul lama" and article.body == "<p>Isi lama.</p>"
    # Sent again once the database answers: saved.
    again = editor_client.post(url, data)
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Judul baru yang diketik"


def test_passwords_are_never_written_back_into_the_page(client):
    client.raise_request_exception = False
    with connection.execute_wrapper(refused):
        response = client.post(
            reverse("admin:login"), {"username": "redaktur", "password": "sandi-rahasia-123"}
        )
    assert response.status_code == 503
    assert "sandi-rahasia-123" not in response.text


def test_other_server_errors_stay_the_500_page():
    from infra.errors import database_failed

    assert not database_failed(RuntimeError("bug"))
    assert database_failed(OperationalError("gone"))
    assert Article  # the model the pages above read
