from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import revisions, services
from articles.models import Article
from tests.factories import admin_form_data, make_article, make_image

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), admin_form_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_every_save_keeps_a_version_with_who_and_when(editor_client, editor):
    article = make_article(headline="Versi satu", tags=["banten"])
    edit(editor_client, article, headline="Versi dua")
    edit(editor_client, article, headline="Versi tiga")
    versions = list(revisions.versions_for(article))
    assert [v.field_dict["headline"] for v in versions] == ["Versi tiga", "Versi dua"]
    assert all(v.revision.user == editor for v in versions)
    page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "Versi dua" in page and "Versi tiga" in page and "Dewi Lestari" in page


def test_diff_between_two_versions_marks_what_changed(editor_client):
    article = make_article(headline="Danrem pamit", body="<p>Danrem pamit hari Senin.</p>")
    edit(editor_client, article)
    edit(
        editor_client,
        article,
        headline="Danrem 064 pamit",
        body="<p>Danrem pamit hari Selasa.</p><p>Paragraf baru.</p>",
    )
    newer, older = list(revisions.versions_for(article))[:2]
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"dari": older.pk, "ke": newer.pk},
    )
    html = response.text
    assert "<ins>064 </ins>" in html or "<ins>064</ins>" in html
    assert "<del>Senin.</del>" in html and "<ins>Selasa.<br>Paragraf baru.</ins>" in html
    assert "Paragraf" in html and "ringkasan" in html.lower()


def test_restoring_a_version_brings_back_its_content_and_tags_as_a_new_version(
    editor_client, editor
):
    article = make_article(headline="Asli", tags=["asli"])
    edit(editor_client, article)
    first = revisions.versions_for(article)[0]
    edit(editor_client, article, headline="Keliru", tags=["keliru"])
    response = editor_client.post(
        reverse("admin:articles_article_restore_version", args=[article.pk, first.pk])
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Asli"
    assert list(article.tags.names()) == ["asli"]
    assert article.is_public  # the workflow state is not rolled back
    latest = revisions.versions_for(article)[0]
    assert latest.field_dict["headline"] == "Asli"
    assert "Dipulihkan" in latest.revision.get_comment()
    assert revisions.versions_for(article).count() == 3
    assert article.events.first().action == "revision_restored"


def test_restoring_needs_edit_rights(reporter_client, editor):
    article = make_article()
    services.save_article(article=article, user=editor, comment="Awal")
    version = revisions.versions_for(article)[0]
    url = reverse("admin:articles_article_restore_version", args=[article.pk, version.pk])
    assert reporter_client.post(url).status_code == 403


def test_deleting_moves_to_trash_and_off_the_public_site(editor_client, second_client):
    client = second_client  # an anonymous reader
    article = make_article(tags=["banten"], lead_image=make_image())
    edit(editor_client, article, headline="Sebelum dibuang")
    url = reverse("admin:articles_article_delete", args=[article.pk])
    confirm = editor_client.get(url)
    assert "tempat sampah" in confirm.text
    editor_client.post(url, {"post": "yes"})
    article.refresh_from_db()
    assert article.is_trashed
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get(reverse("reader:headlines")).text
    listing = editor_client.get(reverse("admin:articles_article_changelist"))
    assert article not in listing.context["cl"].result_list
    trash = editor_client.get(reverse("admin:articles_article_changelist"), {"alur": "trash"})
    assert article in trash.context["cl"].result_list


def test_restoring_from_trash_keeps_tags_image_and_history(editor_client, editor, second_client):
    client = second_client  # an anonymous reader
    article = make_article(tags=["banten"], lead_image=make_image())
    edit(editor_client, article, headline="Dengan riwayat")
    image = article.lead_image
    services.trash_article(article=article, user=editor)
    editor_client.post(reverse("admin:articles_article_restore", args=[article.pk]))
    article.refresh_from_db()
    assert not article.is_trashed and article.is_public
    assert list(article.tags.names()) == ["banten"]
    assert article.lead_image == image
    assert revisions.versions_for(article).count() >= 2
    assert client.get(article.get_absolute_url()).status_code == 200
    actions = list(article.events.values_list("action", flat=True))
    assert "trashed" in actions and "restored" in actions


def test_scheduled_and_trashed_articles_stay_out_of_published():
    make_article(published_at=timezone.now() + timedelta(hours=1))
    trashed = make_article()
    Article.objects.filter(pk=trashed.pk).update(trashed_at=timezone.now())
    assert not Article.objects.published().exists()
