"""The blocks on every path a body takes besides the article page: the content API
(with live entries, renewed by an entry), live entries and their update feed, staff
preview, revisions and their diffs."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from blocks import services
from live import services as live_services
from live.models import LiveEntry
from tests.factories import admin_form_data, make_article, make_entry, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def embed(provider):
    return services.embed_for(f"{provider.url}/video/42")


@pytest.fixture
def gallery():
    photos = [make_image(caption=f"Foto {n}", credit="BPBD") for n in range(3)]
    return services.create_gallery(
        title="Banjir",
        photos=[{"id": p.pk, "credit": "Rudi" if n else ""} for n, p in enumerate(photos)],
    )


def test_the_api_gives_each_block_by_its_key_in_the_body_order(embed, gallery, client):
    article = make_article(body=f"{gallery.placeholder(3)}<p>Teks.</p>{embed.placeholder()}")
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert [block["type"] for block in data["blocks"]] == ["gallery", "embed"]
    photos = data["blocks"][0]["photos"]
    assert [p["caption"] for p in photos] == ["Foto 0", "Foto 1", "Foto 2"]
    assert [p["credit"] for p in photos] == ["BPBD", "Rudi", "Rudi"]
    video = data["blocks"][1]
    assert video["key"] == str(embed.key) and f'data-embed="{embed.key}"' in data["body_html"]
    assert video["thumbnail_url"].startswith("http") and video["provider_name"] == "Lokal Video"
    assert data["live"] is None
    listed = client.get("/api/v1/articles/?type=gallery")
    assert listed.status_code == 200


def test_the_api_lists_a_coverage_s_published_entries_with_their_blocks(embed, client):
    article = make_article()
    shown = make_entry(article, headline="Air surut", body=f"<p>Lihat.</p>{embed.placeholder()}")
    make_entry(article, status=LiveEntry.Status.DRAFT, published_at=None)
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["live"]["is_live"] is True
    entries = data["live"]["entries"]
    assert [e["id"] for e in entries] == [shown.pk]
    assert entries[0]["url"].endswith(f"#entri-{shown.pk}")
    assert entries[0]["blocks"][0]["key"] == str(embed.key)


def test_a_published_entry_renews_the_story_s_cached_api_answers(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    article = make_article()
    make_entry(article)
    path = f"/api/v1/articles/{article.pk}/"
    assert len(client.get(path).json()["live"]["entries"]) == 1
    entry = LiveEntry(article=article, body="<p>Entri baru.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        live_services.save_entry(entry=entry, before=None, publish=True)
    assert len(client.get(path).json()["live"]["entries"]) == 2
    listed = client.get("/api/v1/articles/?limit=5").json()["items"]
    assert len(next(i for i in listed if i["id"] == article.pk)["live"]["entries"]) == 2
    article.refresh_from_db()
    assert article.changed_at >= entry.published_at  # the change feed tells partners


def test_a_live_entry_with_an_embed_shows_its_card_on_the_page_and_in_the_update_feed(
    embed, client
):
    article = make_article()
    entry = make_entry(article, body=f"<p>Video terbaru.</p>{embed.placeholder()}")
    page = client.get(article.get_absolute_url())
    html = page.content.decode()
    assert re.search(rf'id="entri-{entry.pk}".*?class="embed embed--video"', html, re.S)
    assert "frame-src" in page["Content-Security-Policy"]  # its provider, for this page
    feed = client.get(reverse("reader:live-updates", args=[article.pk])).json()
    assert 'class="embed embed--video"' in feed["entries"][0]["html"]


def test_staff_preview_shows_the_blocks_of_a_draft(embed, gallery, editor_client):
    draft = make_article(
        status=Article.Status.DRAFT,
        published_at=None,
        body=f"{embed.placeholder()}{gallery.placeholder(3)}",
    )
    assert Client().get(draft.get_absolute_url()).status_code == 404
    page = editor_client.get(draft.get_absolute_url()).content.decode()
    assert 'class="embed embed--video"' in page and 'class="gallery"' in page


def test_a_revision_keeps_the_blocks_and_its_diff_names_them(embed, gallery, editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.post(url, admin_form_data(article)).status_code == 302
    article.refresh_from_db()
    body = f"<p>Pembuka.</p>{embed.placeholder()}{gallery.placeholder(3)}"
    assert editor_client.post(url, admin_form_data(article, body=body)).status_code == 302
    article.refresh_from_db()
    assert embed.placeholder() in article.body and gallery.placeholder(3) in article.body
    from reversion.models import Version

    versions = Version.objects.get_for_object(article)
    assert versions.exists()
    assert gallery.placeholder(3) in versions.first().field_dict["body"]
    newer, older = versions[0], versions[1]
    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"dari": older.pk, "ke": newer.pk},
    ).content.decode()
    inserted = " ".join(re.findall(r"<ins>(.*?)</ins>", compare, re.S))
    assert "Galeri: Banjir (3 foto)" in inserted and "Video 42" in inserted
