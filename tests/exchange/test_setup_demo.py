"""The demo the README's first command builds: the seed stories, the roles' accounts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from ads.models import Ad, Campaign, Placement
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


def test_the_demo_is_lively_labelled_and_leaves_the_seed_first(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    call_command("setup_demo", stdout=StringIO(), stderr=StringIO())
    demo = Article.objects.published().filter(import_key__startswith="demo:")
    assert demo.count() >= 20
    assert demo.values("category").distinct().count() == 4  # every rubrik
    assert demo.values("region").distinct().count() >= 8  # Banten's regencies and cities
    assert demo.filter(lead_image__isnull=False).count() >= 15
    assert all(a.summary.startswith("Berita contoh (demo)") for a in demo)
    assert demo.filter(kind="advertorial").exists() and demo.filter(kind="press_release").exists()
    context = client.get(reverse("reader:headlines")).context
    assert context["top_story"].headline.startswith(SEED_HEADLINE)  # the seed first
    assert context["breaking"].text.startswith("DEMO:")
    assert all(items for _category, items in context["category_blocks"])
    assert context["regional"]
    photo = demo.exclude(lead_image=None).first().lead_image
    assert photo.credit == "Ilustrasi demo Newsroom"
    ads = Ad.objects.filter(is_demo=True)
    assert set(ads.values_list("placement__key", flat=True)) == set(Placement.Key.values)
    assert all(ad.alt_text.startswith("Iklan demo") for ad in ads)
    front = client.get(reverse("reader:headlines")).text
    for place in ("masthead", "side", "sticky"):
        assert f"ad ad--{place}" in front
    story = demo.filter(body__contains="</p><p>").first()
    assert "ad ad--in_article" in client.get(story.get_absolute_url()).text


def test_one_command_removes_every_demo_item_and_keeps_the_seed(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from articles.models import BreakingNews, Source
    from blocks.models import Embed, Gallery
    from images.models import Image

    call_command("setup_demo", stdout=StringIO(), stderr=StringIO())
    seed = set(Article.objects.exclude(import_key__startswith="demo:").values_list("pk", flat=True))
    files = [image.file.name for image in Image.objects.filter(import_key__startswith="demo:")]
    files += [ad.image.name for ad in Ad.objects.filter(is_demo=True)]
    files += [embed.thumbnail.name for embed in Embed.objects.all()]
    assert Gallery.objects.count() == 1 and Embed.objects.count() == 2
    assert files and all(default_storage.exists(name) for name in files)
    gallery_story = Article.objects.get(import_key="demo:story:blocks")
    page = client.get(gallery_story.get_absolute_url()).content.decode()
    assert page.count('class="embed embed--') == 2 and 'class="gallery"' in page
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # files go once it commits
        call_command("remove_demo", stdout=out)
    assert "berita demo dihapus" in out.getvalue()
    assert set(Article.objects.values_list("pk", flat=True)) == seed
    assert not Image.objects.filter(import_key__startswith="demo:").exists()
    assert not BreakingNews.objects.exists()
    assert not Source.objects.filter(slug="newsroom-demo").exists()
    assert not Ad.objects.exists() and not Campaign.objects.exists()
    assert not Gallery.objects.exists() and not Embed.objects.exists()
    assert [name for name in files if default_storage.exists(name)] == []
    assert client.get(reverse("reader:headlines")).status_code == 200


def test_the_seed_alone_when_asked():
    call_command("setup_demo", "--seed-only", stdout=StringIO(), stderr=StringIO())
    assert not Article.objects.filter(import_key__startswith="demo:").exists()
    assert not Ad.objects.exists()
