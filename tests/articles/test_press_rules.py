"""Pedoman Pemberitaan Media Siber: corrections, hak jawab, takedowns and labels."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import revisions, services
from articles.models import Article, Correction
from articles.workflow import WorkflowError
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db


def test_a_correction_appears_under_the_story_and_on_the_corrections_page(client, chief):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    services.add_correction(
        article=article, user=chief, kind="ralat", text="Nama kecamatan yang benar Kragilan."
    )
    services.add_correction(
        article=article, user=chief, kind="hak_jawab", text="Tanggapan Kepala Dinas: ..."
    )
    page = client.get(article.get_absolute_url()).text
    assert "Ralat, koreksi dan hak jawab" in page
    assert "Nama kecamatan yang benar Kragilan." in page
    assert "Hak jawab" in page and "Tanggapan Kepala Dinas" in page
    listing = client.get(reverse("reader:corrections")).text
    assert "Nama kecamatan yang benar Kragilan." in listing
    assert article.get_absolute_url() in listing


def test_a_correction_updates_the_stories_updated_time_but_keeps_history(client, chief, editor):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    services.save_article(article=article, user=editor, comment="Terbit")
    before = article.updated_at
    services.add_correction(article=article, user=chief, kind="koreksi", text="Angka diperbaiki.")
    article.refresh_from_db()
    assert article.updated_at > before
    assert "Diperbarui" in client.get(article.get_absolute_url()).text
    assert revisions.versions_for(article).count() >= 1


def test_corrections_of_unpublished_stories_stay_off_the_corrections_page(client, chief):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    services.add_correction(article=draft, user=chief, kind="ralat", text="Rahasia dapur.")
    assert "Rahasia dapur." not in client.get(reverse("reader:corrections")).text


def test_chief_adds_a_correction_in_the_change_form_and_cannot_edit_it_later(chief_client, chief):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "ralat",
            "corrections-0-text": "Ralat dari pemimpin redaksi.",
        },
    )
    assert chief_client.post(url, data).status_code == 302
    correction = Correction.objects.get()
    assert correction.created_by == chief and correction.article == article
    page = chief_client.get(url).text
    assert 'name="corrections-0-text"' not in page  # shown, not editable
    assert "Ralat dari pemimpin redaksi." in page


def test_a_takedown_needs_a_pedoman_reason_and_a_note(chief):
    article = make_article()
    with pytest.raises(WorkflowError):
        services.take_down_article(article=article, user=chief, reason="bosan", note="x")
    with pytest.raises(WorkflowError):
        services.take_down_article(article=article, user=chief, reason="child", note=" ")


def test_a_taken_down_story_answers_410_with_its_note_and_leaves_listings(chief_client, client):
    article = make_article(headline="Berita bermasalah", tags=["banten"])
    response = chief_client.post(
        reverse("admin:articles_article_takedown", args=[article.pk]),
        {"reason": "child", "note": "Berita memuat identitas anak; dicabut atas permintaan wali."},
    )
    assert response.status_code == 302
    client.logout()
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410
    assert "Berita memuat identitas anak" in gone.text
    assert "Masa depan anak" in gone.text
    assert client.get(reverse("reader:detail-short", args=[article.pk])).status_code == 410
    for url in (
        reverse("reader:headlines"),
        article.category.get_absolute_url(),
        article.region.get_absolute_url(),
        reverse("reader:tag", args=["banten"]),
        article.source.get_absolute_url(),
    ):
        assert "Berita bermasalah" not in client.get(url).text, url
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_taken_down_story_cannot_be_republished_or_edited_by_editors(editor, editor_client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        taken_down_at=timezone.now(), takedown_reason="sara", takedown_note="x"
    )
    article.refresh_from_db()
    with pytest.raises(WorkflowError):
        services.publish_article(article=article, user=editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.post(url, admin_form_data(article, headline="Y")).status_code == 403


@pytest.mark.parametrize(
    ("kind", "label"), [("advertorial", "Advertorial"), ("press_release", "Siaran pers")]
)
def test_advertorials_and_press_releases_are_labelled_everywhere(client, kind, label):
    article = make_article(kind=kind, tags=["promo"])
    marker = f'<span class="label">{label}</span>'
    for url in (
        reverse("reader:headlines"),
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        article.region.get_absolute_url(),
        reverse("reader:tag", args=["promo"]),
        article.source.get_absolute_url(),
    ):
        assert marker in client.get(url).text, url


def test_news_carries_no_label(client):
    article = make_article()
    assert 'class="label"' not in client.get(article.get_absolute_url()).text
