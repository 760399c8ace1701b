"""Bad input found by hand, each answered with a page and a message: never a 500, never a
"berhasil" for something that was refused or ignored."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import admin_form_data, make_article, make_category, make_image

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- malformed object ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    "object_id", ["abc", "-1", "99999999999999999999999", "8/change/x", "%C3%A9", "1.5"]
)
def test_a_malformed_article_id_in_the_change_url_redirects_with_a_message(
    editor_client, object_id
):
    article = make_article()
    response = editor_client.get(f"/admin/articles/article/{object_id}/change/")
    assert response.status_code == 302
    assert response.url == reverse("admin:index")  # as Django answers a missing id
    assert any("tidak ada" in text or "dihapus" in text for text in messages_of(response))
    assert editor_client.get(change_url(article)).status_code == 200


def test_a_relative_image_path_in_the_change_form_no_longer_reaches_a_500(editor_client):
    article = make_article()
    response = editor_client.get(f"/admin/articles/article/{article.pk}/change/x/change/")
    assert response.status_code == 302


# --- the change form shown again with errors ------------------------------------------------


def test_an_emptied_slug_with_another_error_shows_the_form_again(editor_client):
    article = make_article()
    data = admin_form_data(article, slug="", headline="")
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["headline"]
    assert reverse("reader:detail-short", args=[article.pk]) in response.text
    article.refresh_from_db()
    assert article.headline != ""


def test_a_reporters_partial_post_shows_the_form_again(reporter_client, reporter):
    article = make_article(status=Article.Status.DRAFT, published_at=None, author=reporter)
    response = reporter_client.post(change_url(article), {"headline": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.headline


# --- feeds carry plain text as text ---------------------------------------------------------

HOSTILE = "Banjir <img src=x onerror=alert(1)> & <b>tebal</b> &amp; 5 < 6"


def seen_text(detail):
    """What a feed reader shows for a parsed text construct: HTML is rendered, text is not."""
    if detail.type == "text/html":
        assert "<" not in detail.value, f"markup created: {detail.value!r}"
        return html.unescape(detail.value)
    assert detail.type == "text/plain", detail.type
    return detail.value


@pytest.mark.parametrize("name", ["reader:feed", "reader:feed-atom"])
def test_a_summary_typed_with_markup_reaches_feed_readers_as_the_same_text(client, name):
    make_article(headline=HOSTILE, summary=HOSTILE)
    response = client.get(reverse(name))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    [entry] = feed.entries
    assert seen_text(entry.summary_detail) == HOSTILE
    assert seen_text(entry.title_detail) == HOSTILE
    assert b"<img" not in response.content


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_a_rubrik_description_reaches_feed_readers_as_text(client, suffix):
    category = make_category(description=HOSTILE)
    make_article(category=category)
    response = client.get(f"{category.get_absolute_url()}{suffix}/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert seen_text(feed.feed.subtitle_detail) == HOSTILE
    assert b"<img" not in response.content


# --- embargo on a story that is already out ----------------------------------------------


def with_embargo(article, until):
    """The change form's data with the embargo field set to ``until``."""
    local = timezone.localtime(until)
    return admin_form_data(
        article,
        embargo_ends_at_0=local.strftime("%d-%m-%Y"),
        embargo_ends_at_1=local.strftime("%H:%M:%S"),
    )


def test_an_embargo_on_a_published_story_is_refused_with_a_message(editor_client):
    article = make_article()
    data = with_embargo(article, timezone.now() + timedelta(hours=3))
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["embargo_ends_at"]
    assert "sudah tayang" in error
    article.refresh_from_db()
    assert article.embargo_ends_at is None
    assert article in Article.objects.published()


def test_an_embargo_after_the_scheduled_time_is_refused(editor_client):
    article = make_article(published_at=timezone.now() + timedelta(hours=1))
    data = with_embargo(article, timezone.now() + timedelta(hours=3))
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["embargo_ends_at"]
    assert "Jadwal tayang" in error
    article.refresh_from_db()
    assert article.embargo_ends_at is None


def test_an_embargo_that_ended_before_publication_is_accepted(editor_client):
    article = make_article()
    data = with_embargo(article, article.published_at - timedelta(minutes=5))
    assert editor_client.post(change_url(article), data).status_code == 302


# --- nothing ignored in silence -------------------------------------------------------------


def test_a_reporter_posting_a_status_is_refused_not_told_berhasil(reporter_client, reporter):
    article = make_article(status=Article.Status.DRAFT, published_at=None, author=reporter)
    data = admin_form_data(article, status="published", headline="Judul baru")
    data.pop("author", None)
    response = reporter_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "berhasil" not in response.text
    errors = response.context["adminform"].form.non_field_errors()
    assert any("status" in error for error in errors)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.headline != "Judul baru"


def test_a_reporters_correction_is_refused_not_dropped(reporter_client, reporter):
    article = make_article(status=Article.Status.DRAFT, published_at=None, author=reporter)
    data = admin_form_data(article)
    data.pop("author", None)
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": Correction.Kind.RALAT,
            "corrections-0-text": "Ralat nama.",
        }
    )
    response = reporter_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "berhasil" not in response.text
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "ralat" in errors
    assert not Correction.objects.exists()


def test_an_editors_ordinary_save_is_not_refused(editor_client):
    article = make_article()
    response = editor_client.post(change_url(article), admin_form_data(article, headline="Baru"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Baru"


# --- stale saves name what really changed -------------------------------------------------


def test_the_stale_save_message_does_not_blame_the_publish_time_for_a_body_change(
    editor_client, editor, client, chief
):
    from articles import services

    article = make_article(status=Article.Status.REVIEW, published_at=None)
    services.publish_article(article=article, user=editor)  # now, with microseconds
    assert article.published_at.microsecond
    opened = admin_form_data(article)
    client.force_login(chief)
    response = client.post(change_url(article), admin_form_data(article, body="<p>Baru.</p>"))
    assert response.status_code == 302
    response = editor_client.post(change_url(article), opened | {"headline": "Telat"})
    [error] = response.context["adminform"].form.non_field_errors()
    changed = error.split("yang berubah: ")[1].split(")")[0]
    assert changed == "isi berita"


# --- the body keeps only images it can show -------------------------------------------------


def test_relative_and_insecure_image_sources_are_removed_from_the_body():
    image = make_image()
    library = image.file.url
    article = make_article(
        body=(
            '<p>a</p><img src="x"><img src="../etc/passwd"><img src="//evil.example/t.gif">'
            '<img src="http://example.com/a.jpg"><img src="data:image/png;base64,AAAA">'
            f'<img src="https://example.com/b.jpg" alt="b"><img src="{library}" alt="c">'
        )
    )
    assert 'src="x"' not in article.body
    assert "passwd" not in article.body
    assert "evil.example" not in article.body
    assert "http://example.com" not in article.body
    assert "data:" not in article.body
    assert 'src="https://example.com/b.jpg"' in article.body
    assert f'src="{library}"' in article.body
    assert article.body.count("<img") == 2


# --- the language cookie ------------------------------------------------------------------


def test_the_language_switch_sets_a_secure_samesite_cookie(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"


def test_production_settings_make_the_language_cookie_secure():
    from django.conf import settings

    assert settings.LANGUAGE_COOKIE_SAMESITE == "Lax"
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE


# --- NUL characters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/tag/%00/", "/rubrik/%00/rss/", "/penulis/a%00b/", "/cari/?q=%00", "/?page=1%00"]
)
def test_a_nul_character_in_an_address_answers_400_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "karakter yang tidak sah" in response.text


def test_a_nul_character_in_a_form_field_answers_400_and_saves_nothing(editor_client):
    article = make_article(headline="Tetap")
    response = editor_client.post(change_url(article), admin_form_data(article, headline="a\x00b"))
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.headline == "Tetap"
