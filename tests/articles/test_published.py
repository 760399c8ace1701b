from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_includes_articles_whose_publish_time_has_passed():
    article = make_article(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_published_excludes_drafts():
    make_article(status=Article.Status.DRAFT)
    assert not Article.objects.published().exists()


def test_published_excludes_articles_in_review():
    make_article(status=Article.Status.REVIEW)
    assert not Article.objects.published().exists()


def test_published_excludes_scheduled_articles():
    make_article(published_at=timezone.now() + timedelta(minutes=1))
    assert not Article.objects.published().exists()


def test_scheduled_article_becomes_public_once_its_time_passes():
    article = make_article(published_at=timezone.now() + timedelta(minutes=1))
    assert article.is_scheduled and not article.is_public
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert list(Article.objects.published()) == [article]


def test_publishing_without_a_time_publishes_now():
    before = timezone.now()
    article = make_article(published_at=None)
    assert before <= article.published_at <= timezone.now()
    assert article.is_public
