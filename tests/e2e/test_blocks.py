"""Embeds and galleries in Chromium: an editor pastes a video link into the story and
builds a three-photo gallery from the library; a reader on a 360 px phone gets no request
to the provider until a click, opens the gallery full screen with its captions and
credits, and plays the video (the player comes from a local provider started here)."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from blocks.models import Embed, Gallery
from tests.blocks.provider import LocalProvider
from tests.e2e.conftest import axe_violations, login, screenshot
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings):
    running = LocalProvider()
    settings.NEWSROOM_EMBED_PROVIDERS = running.settings()
    yield running
    running.stop()


def test_an_editor_embeds_a_video_and_a_gallery_and_a_phone_reader_uses_both(
    site, new_page, provider
):
    for n, caption in enumerate(("Air merendam Jalan Ciceri", "Perahu karet BPBD", "Posko")):
        make_image(caption=caption, credit=f"Fotografer {n + 1}", renditions=True)
    article = make_article(
        headline="Banjir merendam tiga desa di Serang",
        body="",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    desk = new_page((1366, 768))
    login(desk, site, "redaktur")
    desk.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    editor = desk.locator(".field-body .ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    expect(desk.locator('[title="Sisipkan galeri foto"]')).to_be_visible()  # the editor is up
    editor.click()
    desk.keyboard.type("Hujan deras sejak pagi membuat sungai meluap.")
    desk.keyboard.press("Enter")  # a new, empty line
    desk.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    desk.evaluate("text => navigator.clipboard.writeText(text)", f"{provider.url}/video/42")
    desk.keyboard.press("Control+V")  # a real paste, from the clipboard
    card = desk.locator(".blocks-card--embed")
    expect(card).to_contain_text("Video 42: banjir di Serang")
    expect(desk.locator(".blocks-status")).to_contain_text("Embed disisipkan")

    desk.locator('[title="Sisipkan galeri foto"]').click()
    dialog = desk.locator("dialog.blocks-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=title]").fill("Banjir Serang dalam foto")
    photos = dialog.locator(".blocks-photo")
    expect(photos).to_have_count(3)
    for caption in ("Air merendam Jalan Ciceri", "Perahu karet BPBD", "Posko"):
        dialog.locator(".blocks-photo", has_text=caption).click()
    chosen = dialog.locator(".blocks-chosen__item")
    expect(chosen).to_have_count(3)
    chosen.nth(2).locator("input").first.fill("Posko pengungsian di balai desa")
    chosen.nth(1).locator("button", has_text="↑").click()  # Perahu first
    screenshot(desk, "blocks-gallery-dialog-laptop")
    dialog.locator("button[type=submit]").click()
    expect(desk.locator(".blocks-card--gallery")).to_contain_text("Galeri: Banjir Serang")
    screenshot(desk, "blocks-editor-laptop")
    desk.locator(".nr-primary").click()  # Terbitkan
    expect(desk.locator(".messagelist")).to_be_visible()

    article.refresh_from_db()
    assert article.is_public
    embed, gallery = Embed.objects.get(), Gallery.objects.get()
    assert article.body.startswith("<p>Hujan deras sejak pagi membuat sungai meluap.</p>")
    assert f'data-embed="{embed.key}"' in article.body
    assert f'data-gallery="{gallery.key}"' in article.body
    assert [p.shown_caption for p in gallery.photos.all()] == [
        "Perahu karet BPBD",
        "Air merendam Jalan Ciceri",
        "Posko pengungsian di balai desa",
    ]

    asked_before = len(provider.requests)
    reader = new_page((360, 740))
    requests = []
    reader.on("request", lambda request: requests.append(request.url))
    reader.goto(f"{site}{article.get_absolute_url()}")
    reader.wait_for_load_state("networkidle")
    assert not [url for url in requests if url.startswith(provider.url)], requests
    assert len(provider.requests) == asked_before
    video = reader.locator(".embed")
    box = video.locator(".embed__box").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.05  # the reserved box

    gallery_block = reader.locator(".gallery").first
    gallery_block.scroll_into_view_if_needed()
    reader.wait_for_load_state("networkidle")
    expect(gallery_block.locator(".gallery__count")).to_have_text("1 / 3")
    gallery_block.locator(".gallery__next").click()
    expect(gallery_block.locator(".gallery__count")).to_have_text("2 / 3")
    gallery_block.locator(".gallery__full").click()
    full = reader.locator("dialog.gallery-full")
    expect(full).to_be_visible()
    expect(full.locator(".gallery__count")).to_have_text("2 / 3")
    expect(full).to_contain_text("Foto: Fotografer 1")
    full.locator(".gallery__next").click()
    expect(full.locator(".gallery__count")).to_have_text("3 / 3")
    expect(full.locator(".gallery__slide").nth(2)).to_contain_text(
        "Posko pengungsian di balai desa"
    )
    screenshot(reader, "blocks-gallery-full-phone")
    reader.keyboard.press("Escape")
    expect(full).to_have_count(0)

    video.scroll_into_view_if_needed()
    video.locator(".embed__action").click()
    frame = video.locator("iframe.embed__frame")
    expect(frame).to_have_attribute("src", f"{provider.url}/player/42")
    expect(reader.frame_locator("iframe.embed__frame").locator("#player")).to_have_text(
        "Pemutar 42"
    )
    screenshot(reader, "blocks-article-phone")

    checked = new_page((360, 740), bypass_csp=True)  # axe is injected inline
    checked.goto(f"{site}{article.get_absolute_url()}")
    assert axe_violations(checked) == []
