"""Typing is kept while it happens, per editor and story, without touching the story or
its history, and is offered back when the story is opened again."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Autosave
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db

TYPED = "<p>Banjir setinggi satu meter merendam Kampung Cibeber sejak pukul tiga pagi.</p>"


def keep(client, article=None, **fields):
    url = (
        reverse("admin:articles_article_autosave", args=[article.pk])
        if article
        else reverse("admin:articles_article_autosave_new")
    )
    return client.post(url, {"lock_version": article.lock_version if article else "", **fields})


def test_typing_is_kept_without_changing_the_story_or_its_history(editor_client, editor):
    article = make_article(headline="Judul tersimpan", body="<p>Isi tersimpan.</p>")
    versions, updated = Version.objects.count(), article.updated_at
    response = keep(editor_client, article, headline="Judul diketik", body=TYPED)
    assert response.status_code == 200 and response.json()["saved_at"]
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Judul tersimpan", "<p>Isi tersimpan.</p>")
    assert article.updated_at == updated and Version.objects.count() == versions
    kept = Autosave.objects.get(user=editor, article=article)
    assert kept.fields["body"] == TYPED and kept.base_version == article.lock_version
    keep(editor_client, article, headline="Judul diketik lagi", body=TYPED)
    assert Autosave.objects.count() == 1  # one per editor and story, kept up to date


def test_reopening_offers_the_typing_back_with_what_differs(editor_client):
    article = make_article(headline="Judul tersimpan", body="<p>Isi tersimpan.</p>")
    keep(editor_client, article, headline="Judul tersimpan", body=TYPED)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Pulihkan ketikan terakhir" in page
    assert "<ins>" in page and "Kampung" in page
    assert 'id="nr-autosave-fields"' in page


def test_saving_the_story_forgets_the_typing(editor_client):
    article = make_article()
    keep(editor_client, article, body=TYPED)
    editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_form_data(article, body=TYPED),
    )
    assert not Autosave.objects.exists()
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Pulihkan ketikan terakhir" not in page


def test_a_new_story_keeps_its_typing_too(reporter_client):
    keep(reporter_client, headline="Berita baru", body=TYPED)
    page = reporter_client.get(reverse("admin:articles_article_add")).text
    assert "Pulihkan ketikan terakhir" in page


def test_typing_that_is_too_long_is_refused_with_a_message(editor_client):
    response = keep(editor_client, make_article(), headline="x" * 201)
    assert response.status_code == 400
    assert "Terlalu panjang" in response.json()["error"]


def test_only_those_who_may_edit_the_story_can_keep_typing_in_it(reporter_client):
    others = make_article(status=Article.Status.PUBLISHED)  # not the reporter's
    assert keep(reporter_client, others, body=TYPED).status_code == 403
    assert not Autosave.objects.exists()
    url = reverse("admin:articles_article_autosave", args=[others.pk])
    assert reporter_client.get(url).status_code == 405
