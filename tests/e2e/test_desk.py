"""The article screen and the list as the desk sees them on a 1366×768 laptop and a
360×740 phone: geometry asserted, screenshots kept, axe clean, one primary action."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import axe_violations, login, screenshot
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"laptop": (1366, 768), "phone": (360, 740)}


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_an_editor_publishes_with_the_one_primary_action(site, new_page, size):
    from accounts.models import User

    reporter = User.objects.get(username="wartawan")
    article = make_article(
        headline="Festival Kuliner Banten digelar di Alun-alun Serang",
        body="<p>" + "Ratusan pedagang ikut serta. " * 30 + "</p>",
        status=Article.Status.REVIEW,
        author=reporter,
        published_at=None,
    )
    width, height = SIZES[size]
    page = new_page((width, height), bypass_csp=size == "laptop")  # axe is injected inline
    login(page, site, "redaktur")
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    body = page.locator(".field-body .ProseMirror[contenteditable=true]")
    expect(body).to_be_visible()
    primary = page.locator(".nr-primary")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text("Terbitkan")
    expect(page.locator(".nr-words")).to_contain_text("kata")
    screenshot(page, f"article-screen-{width}x{height}")
    if size == "laptop":
        editor_box, action_box = box(page, ".field-body .prose-editor"), primary.bounding_box()
        assert editor_box["y"] < height, "the body editor starts below the first screen"
        assert action_box["y"] + action_box["height"] <= height, "primary action below the fold"
        content = box(page, "#content-main")
        assert editor_box["width"] >= 0.6 * content["width"], "the story is not the main part"
        assert axe_violations(page) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px of sideways scrolling"
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    page.fill("#id_published_at_0", tomorrow.strftime("%d-%m-%Y"))
    page.fill("#id_published_at_1", "14:00:00")
    expect(primary).to_contain_text("Jadwalkan")
    expect(primary).to_contain_text("14.00 WIB")
    page.fill("#id_published_at_0", "")
    page.fill("#id_published_at_1", "")
    expect(primary).to_have_text("Terbitkan")
    primary.click()
    expect(page.locator(".messagelist")).to_contain_text("Artikel diterbitkan.")
    article.refresh_from_db()
    assert article.is_public
    expect(page.locator(".nr-primary")).to_have_text("Perbarui")


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_article_list_fits_without_sideways_scrolling(site, new_page, size):
    for number in range(25):
        make_article(
            headline=f"Bupati Serang meninjau banjir di Kecamatan Tanara, hari ke-{number}",
            kind=Article.Kind.OPINION if number % 5 == 0 else Article.Kind.NEWS,
            published_at=timezone.now(),
        )
    width, height = SIZES[size]
    page = new_page((width, height), bypass_csp=True)  # axe is injected inline
    login(page, site, "redaktur")
    page.goto(f"{site}/admin/articles/article/")
    page.wait_for_selector("#result_list")
    screenshot(page, f"article-list-{width}x{height}")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px of sideways scrolling"
    table = page.evaluate(
        "() => { const b = document.querySelector('#changelist .results');"
        " return b.scrollWidth - b.clientWidth; }"
    )
    assert table <= 0, f"the table is {table} px wider than its box"
    expect(page.locator(".nr-tabs a")).to_have_count(6)
    if size == "laptop":
        headers = page.locator("#result_list thead th").all_inner_texts()
        for column in ("JUDUL", "STATUS", "RUBRIK", "WILAYAH", "PENULIS", "WAKTU TERBIT"):
            assert any(column in header.upper() for header in headers), column
        assert axe_violations(page) == []
