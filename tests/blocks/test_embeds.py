"""Embeds: the snapshot fetched once from a local oEmbed provider (never the network),
the allow-list and limits, the reader's card with its reserved box and no third-party
request before a click, the page's CSP opened for its providers only, and the card that
stays when the provider fails."""

import json
import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article
from blocks import services
from blocks.markup import Blocks
from blocks.models import Embed
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db


def video(provider, ident="42"):
    return f"{provider.url}/video/{ident}"


def test_an_embed_keeps_a_snapshot_fetched_once_with_its_thumbnail_in_the_photo_storage(provider):
    embed = services.embed_for(video(provider))
    assert embed.title == "Video 42: banjir di Serang"
    assert embed.author_name == "Humas Pemkab Serang"
    assert embed.provider == "lokal"
    assert "<iframe" in embed.html  # the provider's HTML kept as a record
    assert embed.frame_url == f"{provider.url}/player/42"
    assert embed.problem == "" and embed.fetched_at is not None
    assert default_storage.exists(embed.thumbnail.name)
    with default_storage.open(embed.thumbnail.name) as handle:
        stored = PILImage.open(handle)
        assert stored.format == "JPEG" and stored.width == 960  # 1280 wide, made lighter
    asked = len(provider.requests)
    again = services.embed_for(video(provider))
    assert again.pk == embed.pk and len(provider.requests) == asked  # never asked again


def test_a_link_from_a_provider_not_on_the_allow_list_is_refused_without_a_request(provider):
    for url in ("https://evil.example/video/1", "javascript:alert(1)", "ftp://x/y", ""):
        with pytest.raises(services.EmbedRefused) as refused:
            services.embed_for(url)
        assert "tidak dapat disematkan" in str(refused.value)
        assert "YouTube" in str(refused.value)  # says what can be embedded
    assert provider.requests == [] and not Embed.objects.exists()


@pytest.mark.parametrize(
    ("ident", "why"),
    [
        ("gone", "404"),
        ("big", "melebihi 256 KB"),
        ("bad", "bukan data oEmbed"),
        ("slow", "tidak menjawab dalam 1 detik"),
        ("redirect", "302"),
    ],
)
def test_a_provider_that_fails_leaves_an_embed_with_its_link_and_the_reason(provider, ident, why):
    embed = services.embed_for(video(provider, ident))
    assert why in embed.problem
    assert embed.fetched_at is None and not embed.thumbnail and embed.title == ""
    assert not any("169.254" in path for path in provider.requests)  # redirect not followed


def test_a_thumbnail_from_another_host_or_not_an_image_is_not_stored(provider):
    far = services.embed_for(video(provider, "farthumb"))
    assert not far.thumbnail and "alamat yang tidak dikenal" in far.problem
    assert far.title  # the rest of the snapshot is kept
    fake = services.embed_for(video(provider, "notimage"))
    assert not fake.thumbnail and "ditolak" in fake.problem


def test_refresh_keeps_the_old_snapshot_when_the_provider_fails(provider, settings):
    embed = services.embed_for(video(provider))
    provider.stop()
    assert services.refresh(embed) is False
    embed.refresh_from_db()
    assert embed.title.startswith("Video 42") and embed.thumbnail
    assert "tidak dapat dihubungi" in embed.problem


def story_with(embed, **fields):
    return make_article(body=f"<p>Pembuka.</p>{embed.placeholder()}<p>Penutup.</p>", **fields)


SOURCES = re.compile(r'\b(?:src|srcset|data-src)="([^"]+)"')


def test_readers_get_a_card_with_a_reserved_box_and_no_third_party_request(provider, client):
    embed = services.embed_for(video(provider))
    article = story_with(embed)
    page = client.get(article.get_absolute_url()).content.decode()
    card = re.search(r'<figure class="embed embed--video".*?</figure>', page, re.S).group(0)
    assert 'data-frame="' + embed.frame_url in card  # the player, made on a click
    assert "<iframe" not in page and "evil.example" not in page
    for source in SOURCES.findall(page):
        assert source.startswith("/"), source  # every resource from this site
    assert f'src="{embed.thumbnail.url}"' in card and 'width="960"' in card
    assert 'href="' + embed.url in card and "data-embed-load" in card
    assert "Putar video" in card and "Buka di Lokal Video" in card
    assert "js/embeds.js" in page and 'data-embeds="lokal"' in page


def test_the_page_policy_opens_for_its_providers_only(provider, client):
    embed = services.embed_for(video(provider))
    with_embed = story_with(embed)
    without = make_article()
    policy = client.get(with_embed.get_absolute_url())["Content-Security-Policy"]
    frames = next(d for d in policy.split(";") if d.strip().startswith("frame-src"))
    assert provider.url in frames and "youtube" not in policy
    assert "script-src 'self'" in policy  # nothing else opened
    plain = client.get(without.get_absolute_url())["Content-Security-Policy"]
    assert provider.url not in plain and "frame-src" not in plain


def test_the_card_stays_when_the_provider_failed_and_a_missing_embed_keeps_its_link(
    provider, client
):
    failed = services.embed_for(video(provider, "gone"))
    article = story_with(failed)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="embed embed--video"' in page and "Buka di Lokal Video" in page
    assert f'href="{failed.url}"' in page
    body = (
        '<figure data-embed="6f1c4a52-0000-4000-8000-000000000000" data-load="click">'
        '<a href="https://www.youtube.com/watch?v=abcdefghijk">Video lama</a></figure>'
    )
    elsewhere = make_article(body=body)
    page = client.get(elsewhere.get_absolute_url()).content.decode()
    assert '<a href="https://www.youtube.com/watch?v=abcdefghijk">' in page


def test_an_embed_chosen_to_load_when_seen_says_so_to_the_page(provider, client):
    embed = services.embed_for(video(provider))
    article = make_article(body=embed.placeholder(load="visible"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<figure class="embed[^>]*data-load="visible"', page)


def test_the_body_keeps_the_block_through_the_sanitizer(provider):
    embed = services.embed_for(video(provider))
    sanitize = Article._meta.get_field("body").sanitize
    body = f'{embed.placeholder()}<figure data-embed="x" onclick="y"><script>z</script></figure>'
    clean = sanitize(body)
    assert embed.placeholder() in clean
    assert "onclick" not in clean and "<script" not in clean


def test_the_toolbar_asks_for_an_embed_and_gets_its_key_or_a_reason(provider, reporter_client):
    url = reverse("admin:blocks_embed_fetch")
    answer = reporter_client.post(url, {"url": video(provider)}, content_type="application/json")
    assert answer.status_code == 200
    data = answer.json()
    assert data["key"] == str(Embed.objects.get().key) and data["provider_name"] == "Lokal Video"
    refused = reporter_client.post(
        url, {"url": "https://evil.example/x"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "tidak dapat disematkan" in refused.json()["error"]
    garbled = reporter_client.post(url, b"{not json", content_type="application/json")
    assert garbled.status_code == 400 and "bukan JSON" in garbled.json()["error"]
    assert reporter_client.post(url, [1, 2], content_type="application/json").status_code == 400
    assert reporter_client.get(url).status_code == 405
    assert Client().post(url, {"url": video(provider)}).status_code == 302  # sign in first


def test_a_link_alone_on_its_line_becomes_an_embed_when_the_story_is_saved(provider, editor_client):
    article = make_article(status=Article.Status.DRAFT)
    own_words = f'<p><a href="{video(provider, "7")}">lihat videonya</a></p>'
    body = f"<p>Pembuka.</p><p>{video(provider)}</p>{own_words}<p>{video(provider, 'gone')}</p>"
    data = admin_form_data(article, body=body)
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data, follow=True
    )
    assert response.status_code == 200
    article.refresh_from_db()
    first, gone = Embed.objects.get(url=video(provider)), Embed.objects.get(url__endswith="gone")
    assert first.placeholder() in article.body and gone.placeholder() in article.body
    assert own_words in article.body  # a link with its own words stays a link
    messages = [str(m) for m in response.context["messages"]]
    assert any("Embed disimpan tanpa cuplikan" in m and "404" in m for m in messages)


def test_a_page_with_blocks_asks_the_same_queries_whatever_their_number(
    provider, client, django_assert_num_queries
):
    one = make_article(body=services.embed_for(video(provider)).placeholder())
    many = make_article(
        body="".join(services.embed_for(video(provider, str(n))).placeholder() for n in range(5))
    )
    client.get(one.get_absolute_url())
    client.get(many.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(one.get_absolute_url())
    with CaptureQueriesContext(connection) as second:
        client.get(many.get_absolute_url())
    assert len(first.captured_queries) == len(second.captured_queries)


def test_blocks_read_nothing_for_a_body_without_blocks(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not Blocks.of("<p>Teks biasa.</p>", "")


def test_the_feed_carries_the_snapshot_picture_and_the_link(provider, client):
    embed = services.embed_for(video(provider))
    story_with(embed)
    feed = client.get(reverse("reader:feed")).content.decode()
    assert "http://testserver" in feed or "http" in feed
    assert embed.thumbnail.url in feed and embed.url in feed
    assert "embed__action" not in feed and "data-embed" not in feed


def test_the_admin_fetches_a_snapshot_again_on_request(provider, editor_client):
    embed = services.embed_for(video(provider, "gone"))
    Embed.objects.filter(pk=embed.pk).update(url=video(provider, "9"))
    response = editor_client.post(
        reverse("admin:blocks_embed_changelist"),
        {"action": "fetch_again", "_selected_action": [embed.pk]},
        follow=True,
    )
    assert response.status_code == 200
    embed.refresh_from_db()
    assert embed.title.startswith("Video 9") and embed.problem == ""


def test_the_facade_data_is_json_free_of_provider_html(provider, client):
    embed = services.embed_for(video(provider))
    article = story_with(embed)
    page = client.get(article.get_absolute_url()).content.decode()
    assert json.dumps(embed.html)[1:20] not in page


def test_the_editor_s_words_come_in_the_editor_s_language(reporter_client, reporter):
    from blocks.admin import EDITOR_CATALOG

    assert reverse("admin:blocks_editor_catalog") == EDITOR_CATALOG
    page = reporter_client.get(reverse("admin:articles_article_add")).content.decode()
    assert EDITOR_CATALOG in page and "js/prose-blocks.js" in page
    assert "Insert photo gallery" not in reporter_client.get(EDITOR_CATALOG).content.decode()
    reporter.language = "en"
    reporter.save()
    catalog = reporter_client.get(EDITOR_CATALOG).content.decode()
    assert "Insert photo gallery" in catalog


def test_a_provider_s_words_are_shown_as_text_never_as_markup(provider, client):
    embed = services.embed_for(video(provider))
    Embed.objects.filter(pk=embed.pk).update(
        title='<img src=x onerror="alert(1)">', author_name="<script>alert(2)</script>"
    )
    article = story_with(embed)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=" in page
