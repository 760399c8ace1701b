"""Object storage (or the media disk) does not answer: pages still render, since a photo's
address needs no answer from the storage; an upload is refused with a clear message and
nothing is half-stored: no file without a record, no record without a file."""

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from articles.models import Article
from images.models import Image
from tests.factories import admin_form_data, make_article, make_image, uploaded

pytestmark = pytest.mark.django_db


def storage(settings, backend: str) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}


def add_to_library(client):
    """A photo uploaded in the library, as the editor would."""
    return client.post(
        reverse("admin:images_image_add"),
        {
            "upload": uploaded(),
            "alt": "Warga antre",
            "caption": "",
            "credit": "",
            "source_note": "",
        },
    )


def save_with_new_photo(client, article, headline):
    """The article saved with a changed headline and a new lead photo uploaded."""
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_form_data(
            article,
            headline=headline,
            lead_image_upload=uploaded(),
            lead_image_upload_alt="Warga antre",
        ),
    )


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_pages_with_photos_render_while_the_storage_is_away(settings):
    article = make_article(lead_image=make_image(renditions=True))
    storage(settings, "tests.storages.Unreachable")
    page = Client().get(article.get_absolute_url())
    assert page.status_code == 200
    assert "/media/renditions/" in page.text
    assert Client().get("/").status_code == 200


def test_a_library_upload_is_refused_with_a_clear_message_when_the_storage_is_away(
    settings, editor_client
):
    storage(settings, "tests.storages.Unreachable")
    response = add_to_library(editor_client)
    assert response.status_code == 200
    assert "Penyimpanan foto sedang tidak menjawab" in response.text
    assert not Image.objects.exists()
    # The storage back: the same upload goes through.
    storage(settings, "django.core.files.storage.FileSystemStorage")
    again = add_to_library(editor_client)
    assert again.status_code == 302
    assert Image.objects.count() == 1 and stored_files(settings)


def test_an_article_upload_refused_by_the_storage_leaves_the_article_as_it_was(
    settings, editor_client
):
    article = make_article(headline="Judul lama")
    storage(settings, "tests.storages.Unreachable")
    response = save_with_new_photo(editor_client, article, "Judul baru")
    assert response.status_code == 200
    assert "Penyimpanan foto sedang tidak menjawab" in response.text
    assert "Judul baru" in response.text  # the typed text stays in the form
    article.refresh_from_db()
    assert article.headline == "Judul lama" and article.lead_image is None
    assert not Image.objects.exists()


def test_a_storage_that_fails_mid_save_rolls_the_whole_save_back(settings, editor_client):
    article = make_article(headline="Judul lama")
    storage(settings, "tests.storages.RefusesWrites")
    response = save_with_new_photo(editor_client, article, "Judul baru yang diketik")
    assert response.status_code == 503
    assert "Penyimpanan foto tidak menerima berkasnya" in response.text
    assert "Judul baru yang diketik" in response.text
    article.refresh_from_db()
    assert article.headline == "Judul lama"
    assert not Image.objects.exists() and not stored_files(settings)


def test_a_file_stored_by_a_save_that_then_fails_is_removed_again(settings, editor_client):
    def refuses_article_update(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and Article._meta.db_table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    article = make_article(headline="Judul lama")
    editor_client.raise_request_exception = False
    with connection.execute_wrapper(refuses_article_update):
        response = save_with_new_photo(editor_client, article, "Judul baru")
    assert response.status_code == 503
    article.refresh_from_db()
    assert article.headline == "Judul lama"
    assert not Image.objects.exists()
    assert not stored_files(settings)  # the photo file went with the failed save
