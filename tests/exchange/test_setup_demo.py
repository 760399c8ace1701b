"""The demo the README's first command builds: the seed stories, the roles' accounts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from exchange.management.commands import setup_demo

pytestmark = pytest.mark.django_db

SEED_HEADLINE = "DPMD Provinsi Banten Dorong Peningkatan Kapasitas Kader Posyandu"


def test_the_demo_publishes_the_seed_story_and_makes_an_account_per_role(client):
    out = StringIO()
    call_command("setup_demo", stdout=out, stderr=StringIO())
    assert "1 terbit" in out.getvalue()
    story = Article.objects.published().get(headline__startswith=SEED_HEADLINE)
    assert str(story.region) == "Kabupaten Serang, Banten"  # the dateline SERANG
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    users = get_user_model().objects
    for username in ("redaksi", "wartawan", "redaktur", "pemred"):
        assert users.filter(username=username).exists(), username
    assert story.get_absolute_url() in client.get(reverse("reader:headlines")).text


def test_running_the_demo_again_changes_nothing():
    call_command("setup_demo", stdout=StringIO(), stderr=StringIO())
    before = Article.objects.count()
    call_command("setup_demo", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == before


def test_a_demo_without_its_seed_stories_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setattr(setup_demo, "SEED_DIR", tmp_path)
    with pytest.raises(CommandError, match="Berita contoh tidak ditemukan"):
        call_command("setup_demo", stdout=StringIO(), stderr=StringIO())
