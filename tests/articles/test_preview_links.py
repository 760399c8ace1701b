from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, PreviewLink
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor):
    return make_article(status=Article.Status.DRAFT, published_at=None, headline="Belum terbit")


def test_a_valid_link_shows_the_draft_to_someone_without_an_account(client, draft, editor):
    link = services.create_preview_link(article=draft, user=editor)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert "Belum terbit" in response.text
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_links_expire_after_48_hours_by_default(client, draft, editor):
    link = services.create_preview_link(article=draft, user=editor)
    assert link.expires_at - link.created_at == timedelta(hours=48)
    later = link.expires_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "Masa berlaku tautan ini sudah habis" in response.text


def test_a_revoked_link_no_longer_works(client, draft, editor):
    link = services.create_preview_link(article=draft, user=editor)
    services.revoke_preview_link(link=link, user=editor)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "mencabut tautan ini" in response.text


def test_forged_or_tampered_tokens_are_404(client, draft, editor):
    link = services.create_preview_link(article=draft, user=editor)
    assert client.get(reverse("reader:preview", args=["1"])).status_code == 404
    tampered = link.token[:-2] + ("AA" if not link.token.endswith("AA") else "BB")
    assert client.get(reverse("reader:preview", args=[tampered])).status_code == 404


def test_editors_create_and_revoke_links_in_the_admin(editor_client, draft):
    change = reverse("admin:articles_article_change", args=[draft.pk])
    response = editor_client.post(
        reverse("admin:articles_article_preview_link", args=[draft.pk]), follow=True
    )
    link = PreviewLink.objects.get(article=draft)
    assert link.get_absolute_url() in response.text
    assert link.get_absolute_url() in editor_client.get(change).text
    editor_client.post(
        reverse("admin:articles_article_revoke_preview_link", args=[draft.pk, link.pk])
    )
    link.refresh_from_db()
    assert link.revoked_at is not None and not link.is_valid
    assert link.revoked_at <= timezone.now()
