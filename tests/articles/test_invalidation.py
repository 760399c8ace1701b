"""The page cache starts a new generation for every change readers can see, and for
nothing else: on a busy morning a reporter's draft must not empty the cache."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Article, BreakingNews, Source
from images import services as image_services
from images.models import Image
from infra import pagecache
from pages.models import SitePage
from tests.admin_pages import submit_changed
from tests.factories import (
    admin_form_data,
    make_article,
    make_category,
    make_image,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def generation(django_capture_on_commit_callbacks):
    """Run a change as it commits; tell whether it started a new page generation."""

    def changed(change) -> bool:
        pagecache.invalidate()  # a known starting number
        before = cache.get(pagecache.GENERATION_KEY)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return cache.get(pagecache.GENERATION_KEY) != before

    return changed


def admin_url(obj, view="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def draft(**fields):
    return make_article(status=Article.Status.DRAFT, published_at=None, **fields)


# --- stories ----------------------------------------------------------------------------


def test_publishing_scheduling_and_unpublishing_start_a_new_generation(generation, editor):
    story, later = draft(), draft()
    assert generation(lambda: services.publish_article(article=story, user=editor))
    later.published_at = timezone.now() + timedelta(hours=3)
    assert generation(lambda: services.publish_article(article=later, user=editor))
    assert generation(lambda: services.unpublish_article(article=story, user=editor))


def test_editing_correcting_trashing_or_taking_down_a_public_story_starts_one(
    generation, editor, chief
):
    story = make_article(headline="Judul awal")

    def edit():
        story.headline = "Judul baru"
        services.save_article(article=story, user=editor)

    assert generation(edit)
    assert generation(
        lambda: services.add_correction(article=story, user=chief, kind="ralat", text="Ralat.")
    )
    assert generation(
        lambda: services.take_down_article(article=story, user=chief, reason="sara", note="X.")
    )
    other = make_article()
    assert generation(lambda: services.trash_article(article=other, user=editor))


def test_saving_a_draft_and_its_review_steps_keep_the_cache(generation, reporter, editor):
    story = draft(author=reporter)

    def save():
        story.headline = "Judul sementara"
        services.save_article(article=story, user=reporter)

    assert not generation(save)
    assert not generation(lambda: services.submit_for_review(article=story, user=reporter))
    assert not generation(
        lambda: services.return_to_reporter(article=story, user=editor, note="Lengkapi data.")
    )
    assert not generation(lambda: services.create_preview_link(article=story, user=editor))
    assert not generation(lambda: services.trash_article(article=story, user=editor))


def test_the_article_form_starts_a_generation_for_a_public_story_only(generation, editor_client):
    public, unpublished = make_article(), draft()
    url = admin_url(public)
    assert generation(
        lambda: editor_client.post(url, admin_form_data(public, headline="Judul diperbarui"))
    )
    url = admin_url(unpublished)
    assert not generation(
        lambda: editor_client.post(url, admin_form_data(unpublished, headline="Masih draf"))
    )
    add = reverse("admin:articles_article_add")
    assert not generation(lambda: editor_client.post(add, admin_form_data(headline="Draf baru")))
    assert Article.objects.filter(headline="Draf baru").exists()


def test_a_refused_admin_save_keeps_the_cache(generation, editor_client):
    public = make_article()
    refused = admin_form_data(public, headline="")  # a headline is required
    assert not generation(lambda: editor_client.post(admin_url(public), refused))


# --- what else readers see --------------------------------------------------------------


def test_ribbons_rubriks_site_pages_and_tags_changed_in_the_admin_start_one(
    generation, editor_client, chief_client
):
    add_ribbon = reverse("admin:articles_breakingnews_add")
    ribbon = {"text": "Pita", "expires_at_0": "01-01-2099", "expires_at_1": "00:00:00"}
    assert generation(lambda: editor_client.post(add_ribbon, ribbon))
    assert BreakingNews.objects.filter(text="Pita").exists()
    rubrik = make_category(name="Pemerintahan")
    assert generation(lambda: submit_changed(chief_client, admin_url(rubrik), name="Politik"))
    page = SitePage.objects.first()
    assert generation(lambda: submit_changed(chief_client, admin_url(page), title="Redaksi Kami"))
    make_article(tags=["banjir"])
    tag = Tag.objects.get(name="banjir")
    assert generation(lambda: submit_changed(chief_client, admin_url(tag), name="Banjir Rob"))
    assert SitePage.objects.filter(title="Redaksi Kami").exists()


def test_a_sources_feed_settings_keep_the_cache_and_its_name_does_not(generation, chief_client):
    source = make_source(name="Humas Pemkab")
    url = admin_url(source)
    assert not generation(
        lambda: submit_changed(chief_client, url, feed_url="https://humas.example.id/feed/")
    )
    assert Source.objects.get(pk=source.pk).feed_url == "https://humas.example.id/feed/"
    assert generation(lambda: submit_changed(chief_client, url, name="Humas Pemkab Serang"))


def test_a_photo_no_public_story_shows_changes_nothing_readers_see(generation, editor_client):
    unused = make_image(caption="Belum dipakai")
    assert not generation(lambda: submit_changed(editor_client, admin_url(unused), caption="X"))
    assert not generation(lambda: image_services.refresh_renditions(image_id=unused.pk))
    shown = make_image(caption="Dipakai")
    make_article(lead_image=shown)
    assert generation(lambda: submit_changed(editor_client, admin_url(shown), caption="Baru"))
    Image.objects.filter(pk=shown.pk).update(renditions={})  # crops not made yet
    assert generation(lambda: image_services.refresh_renditions(image_id=shown.pk))
    assert Image.objects.get(pk=shown.pk).has_current_renditions


def test_renaming_a_byline_starts_one_and_adding_an_account_does_not(generation, client, chief):
    from accounts.models import User

    chief.is_superuser = True
    chief.save()
    client.force_login(chief)
    writer = make_user(username="rina", first_name="Rina")
    assert generation(lambda: submit_changed(client, admin_url(writer), first_name="Rini"))
    assert User.objects.get(pk=writer.pk).first_name == "Rini"
    add = reverse("admin:accounts_user_add")
    new_account = {"username": "baru", "password1": "", "password2": "", "usable_password": "false"}
    assert not generation(lambda: client.post(add, new_account))
    assert User.objects.filter(username="baru").exists()
