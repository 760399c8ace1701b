"""Every story shares with a 1200×630 picture: its photo's crop, or a card drawn with its
headline; made once, made anew when what it shows changes, never stale on the page."""

import json
import re
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as PILImage

from articles import services
from articles.models import Article
from images import sharecards
from tests import factories

pytestmark = pytest.mark.django_db


def stored(name):
    with default_storage.open(name) as handle:
        picture = PILImage.open(BytesIO(handle.read()))
        picture.load()
    return picture


def meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}"\s+content="([^"]*)"', page)
    return match.group(1) if match else ""


def published(django_capture_on_commit_callbacks, chief, **fields):
    article = factories.make_article(status=Article.Status.DRAFT, published_at=None, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=article, user=chief)
    article.refresh_from_db()
    return article


class TestDrawing:
    def test_a_long_indonesian_headline_wraps_by_words_within_the_card(self):
        headline = (
            "Bupati Serang resmikan posyandu terpadu di Kecamatan Ciruas, warga diminta "
            "aktif memeriksakan balita setiap bulan"
        )
        font, lines = sharecards.headline_lines(headline)
        assert 2 <= len(lines) <= sharecards.MAX_LINES
        assert " ".join(lines) == headline  # words kept whole and in order
        width = sharecards.WIDTH - 2 * sharecards.MARGIN
        assert all(font.getlength(line) <= width for line in lines)

    def test_a_word_wider_than_a_line_is_broken_and_a_headline_too_long_ends_with_ellipsis(self):
        font = sharecards.typeface(60)
        lines = sharecards.wrap("https://" + "sangat" * 40, font, 500)
        assert len(lines) > 2 and all(font.getlength(line) <= 500 for line in lines)
        _font, lines = sharecards.headline_lines("kata " * 200)
        assert len(lines) == sharecards.MAX_LINES and lines[-1].endswith("…")

    def test_a_card_without_photo_shows_the_headline_on_the_sites_colour(self):
        card = sharecards.draw_card(headline="Banjir rendam Pandeglang", rubrik="Peristiwa")
        empty = sharecards.draw_card(headline="", rubrik="")
        assert card.size == (1200, 630)
        band = (64, 200, 1136, 480)  # where the headline stands
        white = sum(1 for p in card.crop(band).get_flattened_data() if p == (255, 255, 255))
        assert white > 2000
        assert not any(p == (255, 255, 255) for p in empty.crop(band).get_flattened_data())
        assert card.getpixel((600, 600))[0] > 120  # the accent colour, not white

    def test_the_same_contents_give_the_same_card_and_other_contents_another(self):
        one = sharecards.card_name(headline="A", rubrik="R")
        assert one == sharecards.card_name(headline="A", rubrik="R")
        assert one != sharecards.card_name(headline="B", rubrik="R")
        assert one != sharecards.card_name(headline="A", rubrik="S")


class TestStories:
    def test_a_story_without_photo_gets_a_drawn_card_on_its_page(
        self, client, chief, django_capture_on_commit_callbacks
    ):
        article = published(django_capture_on_commit_callbacks, chief, headline="Banjir di Lebak")
        assert article.share_card == article.share_card_due
        card = stored(article.share_card)
        assert card.size == (1200, 630) and card.format == "JPEG"

        page = client.get(article.get_absolute_url()).content.decode()
        image = meta(page, "property", "og:image")
        assert image.endswith(article.share_card) and image.startswith("http")
        assert meta(page, "property", "og:image:width") == "1200"
        assert meta(page, "property", "og:image:height") == "630"
        assert meta(page, "name", "twitter:image") == image
        assert meta(page, "name", "twitter:card") == "summary_large_image"
        data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S)[1])
        assert data["image"] == [image]

    def test_a_story_with_photo_shares_its_photo_cropped_to_1200_by_630(
        self, client, chief, django_capture_on_commit_callbacks
    ):
        photo = factories.make_image(size=(1600, 1200))
        article = published(django_capture_on_commit_callbacks, chief, lead_image=photo)
        card = stored(article.share_card)
        assert card.size == (1200, 630)
        page = client.get(article.get_absolute_url()).content.decode()
        assert meta(page, "property", "og:image").endswith(article.share_card)
        assert meta(page, "property", "og:image:alt") == photo.alt

    def test_a_new_headline_makes_a_new_card_and_the_old_one_goes(
        self, chief, django_capture_on_commit_callbacks
    ):
        article = published(django_capture_on_commit_callbacks, chief, headline="Judul lama")
        old = article.share_card
        article.headline = "Judul baru"
        with django_capture_on_commit_callbacks(execute=True):
            services.save_article(article=article, user=chief)
        article.refresh_from_db()
        assert article.share_card != old and default_storage.exists(article.share_card)
        assert not default_storage.exists(old)

    def test_the_page_never_shows_a_card_with_an_old_headline(
        self, client, chief, django_capture_on_commit_callbacks
    ):
        article = published(django_capture_on_commit_callbacks, chief, headline="Judul lama")
        card = article.share_card
        # Changed without the worker having made the new card yet.
        Article.objects.filter(pk=article.pk).update(headline="Judul baru")
        page = client.get(article.get_absolute_url()).content.decode()
        image = meta(page, "property", "og:image")
        assert card not in image
        assert image.endswith("/static/img/share-card.png") or "share-card" in image

    def test_drafts_get_no_card_and_the_command_fills_what_is_missing(self, chief):
        draft = factories.make_article(status=Article.Status.DRAFT)
        assert services.refresh_share_card(draft.pk) is None
        story = factories.make_article()  # made without the services: no card yet
        assert story.share_card == ""
        call_command("make_share_cards", verbosity=0)
        story.refresh_from_db()
        draft.refresh_from_db()
        assert story.share_card == story.share_card_due and draft.share_card == ""


def test_the_worker_makes_the_cards_of_recent_stories_that_came_in_without_one():
    from datetime import timedelta

    from django.utils import timezone

    recent = factories.make_article()  # as a feed or an import saves it: no card
    old = factories.make_article(published_at=timezone.now() - timedelta(days=5))
    assert services.refresh_recent_share_cards.call() == 1
    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.share_card == recent.share_card_due and old.share_card == ""
    assert services.refresh_recent_share_cards.call() == 0  # nothing outdated any more
