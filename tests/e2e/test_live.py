"""A reader's live coverage page in Chromium: new entries arrive without a reload; a
reader who has scrolled down gets "N pembaruan baru" instead of a jump."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from live import services
from live.models import LiveEntry
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_article, make_entry

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "<p>" + "Petugas BPBD terus memantau ketinggian air di sepanjang sungai. " * 12 + "</p>"


def publish(article, text):
    entry = LiveEntry(article=article, body=f"<p>{text}</p>", headline=text[:40])
    return services.save_entry(entry=entry, before=None, publish=True)


def test_a_reader_gets_new_entries_without_reloading(site, new_page, settings):
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    coverage = make_article(
        headline="Banjir Lebak: laporan langsung",
        coverage_starts_at=timezone.now() - timedelta(hours=1),
    )
    for minutes in (50, 40, 30, 20):
        make_entry(coverage, body=LONG, published_at=timezone.now() - timedelta(minutes=minutes))
    page = new_page(viewport=(360, 740), bypass_csp=True)  # axe is injected
    page.goto(f"{site}{coverage.get_absolute_url()}")
    expect(page.locator(".label--live")).to_have_text("Langsung")
    assert axe_violations(page) == []
    first = publish(coverage, "Air mulai surut di Rangkasbitung")
    expect(page.locator(f"#entri-{first.pk}")).to_be_visible(timeout=10_000)
    assert page.locator(".live__entries .entry").first.get_attribute("id") == f"entri-{first.pk}"
    screenshot(page, "live-new-entry-phone")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    second = publish(coverage, "Jalan Serang-Pandeglang dibuka kembali")
    notice = page.locator(".live__new-button")
    expect(notice).to_have_text("1 pembaruan baru", timeout=10_000)
    assert page.locator(f"#entri-{second.pk}").count() == 0  # no jump under the reader
    screenshot(page, "live-new-updates-button-phone")
    notice.click()
    expect(page.locator(f"#entri-{second.pk}")).to_be_visible()
    expect(page.locator(".live__new")).to_be_hidden()
