"""A story pasted as the desk writes it ('CILEGON, beritaindonesianet – ... (str)') keeps
its dateline and initials in their own fields: nothing is printed twice."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.datelines import lift_desk_copy
from articles.models import Article
from tests.factories import admin_form_data, make_source, region

DESK_COPY = (
    "<p>CILEGON, beritaindonesianet – Ratusan warga antre solar di SPBU Jalan Raya "
    "Anyer sejak subuh.</p><p>“Sudah tiga hari begini,” kata Rohmat. (str)</p>"
)


@pytest.mark.parametrize(
    ("body", "place", "signoff", "left"),
    [
        (DESK_COPY, "CILEGON", "str", "<p>Ratusan warga antre"),
        ("<p>SERANG – Dinas Pendidikan membuka PPDB.</p>", "SERANG", "", "<p>Dinas"),
        ("<p>Serang (ANTARA) - Pemprov Banten menggelar apel.</p>", "SERANG", "", "<p>Pemprov"),
        (
            "<p><strong>KAB. SERANG, beritaindonesianet—</strong> Bupati meninjau.</p>"
            "<p>Selesai. <strong>(str/abc)</strong></p>",
            "KAB. SERANG",
            "str/abc",
            "<p>Bupati meninjau.</p><p>Selesai.</p>",
        ),
    ],
)
def test_the_desks_openings_and_closings_are_lifted(body, place, signoff, left):
    lifted = lift_desk_copy(body)
    assert (lifted.place, lifted.signoff) == (place, signoff)
    assert lifted.body.startswith(left)
    assert "(str" not in lifted.body and "–" not in lifted.body[:20]


@pytest.mark.parametrize(
    "body",
    [
        "<p>Ratusan warga – antre di SPBU.</p>",
        "<p>Kata Bupati (Serang) - tidak ada antrean.</p>",
        "<p>DPRD Banten - rapat paripurna.</p>",
        "<p>Biasa saja, tanpa dateline (sama sekali).</p><p>Akhir cerita.</p>",
    ],
)
def test_ordinary_openings_are_left_alone(body):
    assert lift_desk_copy(body) is None


@pytest.mark.django_db
def test_a_pasted_desk_story_is_saved_without_doubling_and_the_region_is_suggested(
    editor_client,
):
    source = make_source(name="Berita Indonesia", dateline_label="beritaindonesianet")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        admin_form_data(
            headline="Antrean solar di Cilegon",
            body=DESK_COPY,
            dateline_place="",
            signoff="",
            source=str(source.pk),
            _workflow="publish",
        ),
        follow=True,
    )
    article = Article.objects.get()
    assert article.dateline_place == "CILEGON" and article.signoff == "str"
    assert article.region == region("36.72")  # Kota Cilegon
    assert "dipindahkan dari isi berita ke kolomnya sendiri" in response.text
    page = Client().get(article.get_absolute_url()).text
    assert page.count("CILEGON, beritaindonesianet") == 1
    assert page.count("(str)") == 1


@pytest.mark.django_db
def test_a_story_the_editor_asked_to_keep_as_typed_is_saved_as_typed(editor_client):
    editor_client.post(
        reverse("admin:articles_article_add"),
        admin_form_data(
            headline="Kutipan", body="<p>SERANG – judul lagu.</p>", keep_as_typed="True"
        ),
    )
    assert Article.objects.get().body == "<p>SERANG – judul lagu.</p>"
