"""The admin made for a newsroom: dashboard, counters, region suggestion, language."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleViews
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_desk_at_a_glance(editor_client, editor, chief):
    waiting = make_article(
        headline="Menunggu review A", status=Article.Status.REVIEW, published_at=None
    )
    soon = timezone.localtime().replace(hour=23, minute=58)
    if soon <= timezone.localtime():
        soon = timezone.localtime() + timedelta(seconds=30)
    later_today = make_article(headline="Terbit nanti malam", published_at=soon)
    tomorrow = make_article(
        headline="Terbit besok", published_at=timezone.now() + timedelta(days=2)
    )
    mine = make_article(
        headline="Draf milik redaktur", status="draft", published_at=None, author=editor
    )
    hot = make_article(headline="Paling banyak dibaca")
    ArticleViews.objects.create(
        article=hot, hour=timezone.now().replace(minute=0, second=0, microsecond=0), views=90
    )
    services.add_correction(article=hot, user=chief, kind="ralat", text="Nama diperbaiki.")
    html = editor_client.get(reverse("admin:index")).text
    for text in (waiting.headline, mine.headline, hot.headline):
        assert text in html
    if later_today.is_scheduled:
        assert later_today.headline in html
    assert tomorrow.headline not in html
    for title in (
        "Menunggu review",
        "Terjadwal hari ini",
        "Draf saya",
        "Paling dibaca sekarang",
        "Ralat terbaru",
    ):
        assert title in html


def test_headline_and_summary_have_live_counters(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).text
    assert 'data-counter="110"' in html and 'data-counter="160"' in html
    assert "js/admin-article.js" in html


def test_the_region_suggestion_endpoint_places_the_seed_story(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_region_suggestion"),
        {"dateline": "SERANG", "text": "<p>Acara di kecamatan Kragilan, Kamis.</p>"},
    )
    data = response.json()
    assert data["text"] == "Kabupaten Serang, Banten" and not data["ambiguous"]
    html = editor_client.get(reverse("admin:articles_article_add")).text
    assert reverse("admin:articles_article_region_suggestion") in html


def test_the_region_suggestion_is_for_staff_only(client):
    response = client.post(
        reverse("admin:articles_article_region_suggestion"), {"dateline": "SERANG"}
    )
    assert response.status_code == 302  # to the login page


def test_each_user_keeps_their_interface_language(editor_client, editor):
    response = editor_client.post(
        reverse("accounts:language"), {"language": "en", "next": reverse("admin:index")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    editor.refresh_from_db()
    assert editor.language == "en"
    other_browser = Client()
    other_browser.force_login(editor)
    assert "Log out" in other_browser.get(reverse("admin:index")).text
    editor_client.post(
        reverse("accounts:language"), {"language": "id", "next": "https://evil.example/"}
    )
    editor.refresh_from_db()
    assert editor.language == "id"
    assert "Keluar" in other_browser.get(reverse("admin:index")).text


def test_the_language_switch_is_in_the_admin_header(editor_client):
    html = editor_client.get(reverse("admin:index")).text
    assert reverse("accounts:language") in html and ">English</button>" in html
