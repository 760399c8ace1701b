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


WORD = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>'
    '<p class="MsoNormal" style="margin:0;font-family:Calibri"><span style="font-size:14pt;'
    'color:red"><font face="Arial">Warga <b>Tanara</b> mengungsi</font></span><o:p></o:p></p>'
    "<table><tr><td>sel</td></tr></table>"
    '<h2 style="color:blue">Bantuan datang</h2><ul><li><i>Beras</i></li></ul>'
    '<p><a href="https://bantenprov.go.id/" style="x" target="_blank">Pemprov</a></p>'
    "</body></html>"
)


def test_pasting_from_word_keeps_only_the_allowed_markup(site, new_page):
    from tests.e2e.test_journeys import paste_html

    page = new_page()
    login(page, site, "wartawan")
    page.goto(f"{site}/admin/articles/article/add/")
    paste_html(page, WORD)
    html = page.locator(".field-body .ProseMirror[contenteditable=true]").inner_html()
    for kept in ("<strong>Tanara</strong>", "<h2>Bantuan datang</h2>", "<em>Beras</em>"):
        assert kept in html, (kept, html)
    assert 'href="https://bantenprov.go.id/"' in html
    for dropped in ("style=", 'class="Mso', "<font", "<span", "<table", "o:p"):
        assert dropped not in html, (dropped, html)
    # What is stored is what the sanitizer allows (no target, no attributes of Word's).
    page.fill("#id_headline", "Warga Tanara mengungsi")
    page.locator("[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("berhasil")
    stored = Article.objects.get(headline="Warga Tanara mengungsi").body
    assert "<strong>Tanara</strong>" in stored and "<h2>Bantuan datang</h2>" in stored
    for dropped in ("style=", "target=", "class=", "<span", "<table"):
        assert dropped not in stored, (dropped, stored)


def test_leaving_with_unsaved_changes_asks_first(site, new_page):
    page = new_page()
    login(page, site, "wartawan")
    page.goto(f"{site}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Judul yang belum disimpan")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("() => { window.location.href = '/admin/'; }")
    for _ in range(50):  # up to 5 s for the browser to ask
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked == ["beforeunload"]
    expect(page.locator("#id_headline")).to_have_value("Judul yang belum disimpan")
