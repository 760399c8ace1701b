"""Each role rule, tried by the honest door and by crafted requests."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Correction
from articles.workflow import WorkflowError
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft_by(user, **fields):
    return make_article(status=Article.Status.DRAFT, published_at=None, author=user, **fields)


# --- reporters -------------------------------------------------------------------------


def test_reporter_creates_a_draft_that_is_theirs(reporter_client, reporter):
    response = reporter_client.post(
        reverse("admin:articles_article_add"), admin_form_data(headline="Liputan baru")
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.author == reporter
    assert article.events.get().action == "created"


def test_reporter_writes_and_submits_a_new_story_in_one_step(reporter_client, reporter):
    response = reporter_client.post(
        reverse("admin:articles_article_add"),
        admin_form_data(headline="Langsung diajukan", _workflow="submit"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.author) == (Article.Status.REVIEW, reporter)


def test_reporter_edits_and_submits_their_own_draft(reporter_client, reporter):
    article = draft_by(reporter)
    response = reporter_client.post(
        change_url(article), admin_form_data(article, headline="Judul baru", _workflow="submit")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Judul baru" and article.status == Article.Status.REVIEW
    event = article.events.first()
    assert (event.action, event.user) == ("submitted", reporter)


def test_reporter_cannot_publish_through_the_form(reporter_client, reporter):
    article = draft_by(reporter)
    response = reporter_client.post(
        change_url(article), admin_form_data(article, _workflow="publish")
    )
    assert response.status_code == 200
    assert "Anda tidak berhak menerbitkan" in response.text
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and not article.is_public


def test_reporter_cannot_publish_by_posting_the_status_field(reporter_client, reporter):
    article = draft_by(reporter)
    reporter_client.post(
        change_url(article),
        admin_form_data(
            article,
            status="published",
            published_at_0="01-01-2025",
            published_at_1="10:00:00",
            is_top_story="on",
        ),
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None and not article.is_top_story


def test_reporter_cannot_publish_or_unpublish_with_a_bulk_action(reporter_client, reporter):
    draft = draft_by(reporter)
    live = make_article(author=reporter)
    for action, article in (("publish_selected", draft), ("unpublish_selected", live)):
        reporter_client.post(CHANGELIST, {"action": action, "_selected_action": [article.pk]})
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert live.is_public


def test_reporter_cannot_publish_through_the_service(reporter):
    article = draft_by(reporter)
    with pytest.raises(WorkflowError):
        services.publish_article(article=article, user=reporter)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_edit_someone_elses_draft(reporter_client, editor):
    article = draft_by(editor, headline="Milik redaktur")
    response = reporter_client.post(
        change_url(article), admin_form_data(article, headline="Diubah")
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Milik redaktur"


def test_reporter_cannot_edit_their_story_once_published_or_in_review(reporter_client, reporter):
    for fields in ({"status": Article.Status.PUBLISHED}, {"status": Article.Status.REVIEW}):
        article = make_article(author=reporter, headline="Asli", **fields)
        response = reporter_client.post(change_url(article), admin_form_data(article, headline="X"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline == "Asli"


def test_reporter_sees_others_stories_read_only(reporter_client, editor):
    article = make_article(author=editor)
    response = reporter_client.get(change_url(article))
    assert response.status_code == 200
    assert 'name="headline"' not in response.text


def test_reporter_cannot_trash_a_published_story(reporter_client, reporter):
    live = make_article(author=reporter)
    reporter_client.post(CHANGELIST, {"action": "trash_selected", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert not live.is_trashed and live.is_public


def test_reporter_can_trash_their_own_unpublished_draft(reporter_client, reporter):
    draft = draft_by(reporter)
    reporter_client.post(CHANGELIST, {"action": "trash_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_trashed


def test_reporter_cannot_take_down_or_correct(reporter_client, reporter):
    article = make_article()
    url = reverse("admin:articles_article_takedown", args=[article.pk])
    assert reporter_client.post(url, {"reason": "sara", "note": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.add_correction(article=article, user=reporter, kind="ralat", text="x")


# --- editors ---------------------------------------------------------------------------


def test_editor_edits_anyones_article_and_publishes_it(editor_client, editor, reporter):
    article = make_article(author=reporter, status=Article.Status.REVIEW, published_at=None)
    response = editor_client.post(
        change_url(article), admin_form_data(article, headline="Disunting", _workflow="publish")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Disunting" and article.is_public
    assert article.events.first().action == "published"
    assert article.events.first().user == editor


def test_editor_schedules_by_publishing_with_a_future_time(editor_client):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    when = timezone.localtime() + timedelta(days=1)
    editor_client.post(
        change_url(article),
        admin_form_data(
            article,
            published_at_0=when.strftime("%d-%m-%Y"),
            published_at_1=when.strftime("%H:%M:%S"),
            _workflow="publish",
        ),
    )
    article.refresh_from_db()
    assert article.is_scheduled and not article.is_public
    assert article.events.first().action == "scheduled"


def test_editor_unpublishes(editor_client):
    article = make_article()
    editor_client.post(change_url(article), admin_form_data(article, _workflow="unpublish"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.events.first().action == "unpublished"


def test_editor_returns_a_story_with_a_note_the_reporter_then_sees(
    editor_client, reporter, second_client
):
    article = make_article(author=reporter, status=Article.Status.REVIEW, published_at=None)
    refused = editor_client.post(change_url(article), admin_form_data(article, _workflow="return"))
    assert "Tuliskan catatan untuk wartawan" in refused.text
    editor_client.post(
        change_url(article),
        admin_form_data(article, _workflow="return", workflow_note="Tambahkan konfirmasi Pemkab."),
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    second_client.force_login(reporter)
    page = second_client.get(change_url(article)).text
    assert "Tambahkan konfirmasi Pemkab." in page and "Dikembalikan oleh" in page


def test_editor_cannot_take_down_correct_or_empty_the_trash(editor_client, editor):
    article = make_article()
    url = reverse("admin:articles_article_takedown", args=[article.pk])
    assert editor_client.post(url, {"reason": "sara", "note": "x"}).status_code == 403
    article.refresh_from_db()
    assert not article.is_taken_down
    data = admin_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "ralat",
            "corrections-0-text": "Ralat palsu",
        },
    )
    editor_client.post(change_url(article), data)
    assert not Correction.objects.exists()
    services.trash_article(article=article, user=editor)
    editor_client.post(
        CHANGELIST, {"action": "empty_trash_selected", "_selected_action": [article.pk]}
    )
    assert Article.objects.filter(pk=article.pk).exists()


# --- chief editor ----------------------------------------------------------------------


def test_chief_editor_empties_the_trash(chief_client, chief):
    article = make_article()
    services.trash_article(article=article, user=chief)
    chief_client.post(
        CHANGELIST + "?alur=trash",
        {"action": "empty_trash_selected", "_selected_action": [article.pk]},
    )
    assert not Article.objects.filter(pk=article.pk).exists()


def test_emptying_the_trash_never_deletes_articles_outside_it(chief):
    live = make_article()
    assert services.empty_trash(articles=[live], user=chief) == 0
    assert Article.objects.filter(pk=live.pk).exists()
