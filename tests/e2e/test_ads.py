"""Ads in a real browser: every place filled, labelled, nothing shifting while the page
loads and scrolls (Chromium's Layout Instability API), axe clean, rotation by weight,
impressions reported, the sticky phone ad closable."""

import pytest
from django.db.models import Sum
from playwright.sync_api import expect

from ads import counting
from ads.models import AdCount
from tests.e2e.conftest import axe_violations, layout_shift_while_scrolling, screenshot
from tests.factories import make_ad, make_article, make_image

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPHS = "".join(
    f"<p>Paragraf {n}: kalimat berita yang cukup panjang untuk beberapa baris di layar.</p>"
    for n in range(1, 9)
)


@pytest.fixture
def stories(site):
    photo = make_image(size=(1600, 1000), renditions=True)
    article = make_article(
        headline="Banjir rendam tiga desa di Pandeglang, warga mengungsi ke balai desa",
        summary="Air setinggi lutut sejak dini hari.",
        body=PARAGRAPHS,
        lead_image=photo,
    )
    for number in range(12):
        make_article(headline=f"Berita {number}", lead_image=photo if number % 2 else None)
    for place in ("masthead", "in_article", "side", "sticky"):
        make_ad(place)
    return article


@pytest.mark.parametrize("viewport", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_pages_with_ads_do_not_shift_and_every_ad_is_labelled(site, new_page, stories, viewport):
    page = new_page(viewport=viewport, bypass_csp=True)  # axe is injected
    name = "desktop" if viewport[0] > 1000 else "phone"
    for url, kind in ((f"{site}/", "front"), (f"{site}{stories.get_absolute_url()}", "article")):
        shift = layout_shift_while_scrolling(page, url)
        assert shift <= 0.02, f"{url} with ads shifted {shift:.3f}"
        places = page.locator(".ad")
        visible = [places.nth(i) for i in range(places.count()) if places.nth(i).is_visible()]
        assert visible, url
        for slot in visible:
            expect(slot.locator(".ad__label")).to_have_text("Iklan")
            expect(slot.locator(".ad__box a")).to_have_attribute("rel", "sponsored noopener")
        if kind == "article":
            expect(page.locator(".story__body .ad--in_article")).to_have_class(
                "ad ad--in_article ad--filled"
            )
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"ads-{kind}-{name}")
        assert axe_violations(page) == [], url
    sticky = page.locator(".ad--sticky")
    if name == "phone":
        expect(sticky).to_be_visible()
        sticky.locator(".ad__close").click()
        expect(sticky).to_be_hidden()
    else:
        expect(sticky).to_be_hidden()  # phones only


def test_the_browser_rotates_ads_by_weight_and_reports_what_it_showed(site, new_page):
    make_article(headline="Berita utama hari ini")
    first, second = make_ad("masthead", weight=1), make_ad("masthead", weight=1)
    counting.counts.clear()
    page = new_page()
    shown = set()
    for _ in range(16):
        page.goto(f"{site}/")
        link = page.locator(".ad--masthead .ad__box a")
        expect(link).to_have_count(1)
        shown.add(link.get_attribute("href"))
        page.wait_for_timeout(50)
    assert shown == {f"/iklan/{first.pk}/klik/", f"/iklan/{second.pk}/klik/"}
    page.wait_for_timeout(500)  # the last beacons
    counting.counts.flush()  # (a process also writes by itself every 30 s)
    shown_count = AdCount.objects.aggregate(total=Sum("impressions"))["total"] or 0
    assert shown_count >= 12  # one impression per page seen (a last beacon may lag)
