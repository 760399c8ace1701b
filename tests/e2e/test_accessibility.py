"""axe-core (from its npm package, injected into the page) finds no violations."""

import pytest

from tests.e2e.conftest import axe_violations, login
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(site):
    article = make_article(
        headline="Pemkab Serang Gelar Istighosah",
        summary="Ribuan warga hadir di alun-alun.",
        body="<p>Isi berita dengan <strong>tebal</strong> dan <a href='https://example.com/'>tautan</a>.</p>"
        "<blockquote><p>Kutipan narasumber.</p></blockquote>",
        lead_image=make_image(renditions=True, size=(1400, 900)),
        tags=["maulid"],
    )
    make_article(category=article.category, headline="Berita lain di rubrik yang sama")
    return article


def pages(site, story):
    return {
        "front page": f"{site}/",
        "article": f"{site}{story.get_absolute_url()}",
        "listing": f"{site}{story.category.get_absolute_url()}",
        "search": f"{site}/cari/?q=istighosah",
    }


@pytest.mark.parametrize("name", ["front page", "article", "listing", "search"])
def test_public_pages_have_no_axe_violations(site, checked_page, story, name):
    page = checked_page
    page.goto(pages(site, story)[name])
    assert axe_violations(page) == []


def test_the_admin_change_form_has_no_axe_violations(site, checked_page, story):
    page = checked_page
    login(page, site, "redaktur")
    page.goto(f"{site}/admin/articles/article/{story.pk}/change/")
    page.wait_for_selector(".field-body .ProseMirror[contenteditable=true]")
    assert axe_violations(page) == []
