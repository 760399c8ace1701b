"""Scheduling, embargo and the child/victim protection flag, around their boundaries."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.workflow import WorkflowError
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db


def at(moment):
    """Pretend the clock reads ``moment``."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def draft(**fields):
    return make_article(status=Article.Status.REVIEW, published_at=None, **fields)


def test_a_scheduled_story_appears_by_itself_at_its_time(client):
    publish_at = timezone.now() + timedelta(hours=3)
    article = make_article(published_at=publish_at)
    with at(publish_at - timedelta(seconds=1)):
        assert not Article.objects.published().exists()
        assert client.get(article.get_absolute_url()).status_code == 404
    with at(publish_at):
        assert list(Article.objects.published()) == [article]
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.headline in client.get(reverse("reader:headlines")).text


def test_publishing_during_an_embargo_is_refused(editor):
    article = draft(embargo_ends_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(WorkflowError, match="Embargo hingga"):
        services.publish_article(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_scheduling_before_the_embargo_ends_is_refused(editor):
    ends = timezone.now() + timedelta(hours=2)
    article = draft(embargo_ends_at=ends)
    article.published_at = ends - timedelta(minutes=1)
    with pytest.raises(WorkflowError, match="Embargo"):
        services.publish_article(article=article, user=editor)


def test_scheduling_at_the_moment_the_embargo_ends_is_allowed(editor, client):
    ends = timezone.now() + timedelta(hours=2)
    article = draft(embargo_ends_at=ends)
    article.published_at = ends
    services.publish_article(article=article, user=editor)
    assert article.is_scheduled
    with at(ends):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_publishing_after_the_embargo_is_allowed(editor):
    article = draft(embargo_ends_at=timezone.now() - timedelta(seconds=1))
    services.publish_article(article=article, user=editor)
    assert article.is_public


def test_embargo_is_shown_prominently_to_editors(editor_client):
    article = draft(embargo_ends_at=timezone.now() + timedelta(hours=2))
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "EMBARGO" in page
    listing = editor_client.get(reverse("admin:articles_article_changelist")).text
    assert "nr-badge--embargo" in listing


def test_the_embargo_message_reaches_the_editor_in_the_form(editor_client):
    article = draft(embargo_ends_at=timezone.now() + timedelta(hours=2))
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_form_data(article, _workflow="publish"),
    )
    assert response.status_code == 200
    assert "Embargo hingga" in response.text


def test_a_story_about_a_child_cannot_publish_until_an_editor_confirms_masking(editor, reporter):
    article = draft(has_vulnerable_subject=True)
    with pytest.raises(WorkflowError, match="identitas sudah disamarkan"):
        services.publish_article(article=article, user=editor)
    with pytest.raises(WorkflowError):
        services.confirm_identities_masked(article=article, user=reporter)
    services.confirm_identities_masked(article=article, user=editor)
    services.publish_article(article=article, user=editor)
    assert article.is_public
    actions = list(article.events.values_list("action", "user"))
    assert ("identities_masked", editor.pk) in actions


def test_the_protection_flag_also_blocks_bulk_publishing(editor_client):
    article = draft(has_vulnerable_subject=True)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "identitas sudah disamarkan" in response.text
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_workflow_filters_find_scheduled_review_and_my_drafts(editor_client, editor):
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1), headline="Nanti")
    review = draft(headline="Tunggu")
    mine = make_article(status=Article.Status.DRAFT, published_at=None, author=editor)
    make_article(headline="Sudah terbit")
    url = reverse("admin:articles_article_changelist")

    def headlines(value):
        return {
            a.headline for a in editor_client.get(url, {"alur": value}).context["cl"].result_list
        }

    assert headlines("scheduled") == {scheduled.headline}
    assert headlines("review") == {review.headline}
    assert headlines("mine") == {mine.headline}


def test_every_transition_is_recorded_with_who_and_when(editor, reporter, editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None, author=reporter)
    services.submit_for_review(article=article, user=reporter)
    services.return_to_reporter(article=article, user=editor, note="Lengkapi data.")
    services.submit_for_review(article=article, user=reporter)
    services.publish_article(article=article, user=editor)
    services.unpublish_article(article=article, user=editor)
    trail = list(article.events.order_by("created_at", "id").values_list("action", "user"))
    assert trail == [
        ("submitted", reporter.pk),
        ("returned", editor.pk),
        ("submitted", reporter.pk),
        ("published", editor.pk),
        ("unpublished", editor.pk),
    ]
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Jejak alur kerja" in page and "Lengkapi data." in page
    assert "Dikembalikan ke wartawan" in page
