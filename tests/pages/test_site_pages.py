from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from pages.models import SitePage

pytestmark = pytest.mark.django_db


def fill_required_pages():
    SitePage.objects.filter(kind=SitePage.Kind.REDAKSI).update(
        company_name="PT Berita Banten Mandiri",
        address="Jl. Veteran No. 1, Serang",
        contact="redaksi@example.id, 0254 000000",
        person_in_charge="Ahmad Fauzi",
        editorial_staff="Pemimpin Redaksi: Ahmad Fauzi\nRedaktur: Dewi Lestari",
    )
    SitePage.objects.filter(kind=SitePage.Kind.PEDOMAN).update(
        body="<p>Kemerdekaan berpendapat ...</p>"
    )


def run_check():
    err = StringIO()
    call_command("check", stderr=err, stdout=StringIO())
    return err.getvalue()


def test_check_warns_while_redaksi_and_pedoman_are_empty():
    output = run_check()
    assert "pages.W002" in output
    assert "Halaman 'Redaksi' belum lengkap: nama perusahaan pers" in output
    assert "Halaman 'Pedoman Pemberitaan Media Siber' belum lengkap" in output


def test_check_is_quiet_once_both_pages_are_complete():
    fill_required_pages()
    assert "pages.W002" not in run_check()


def test_redaksi_and_pedoman_pages_are_public_and_linked_in_the_footer(client):
    fill_required_pages()
    redaksi = client.get(reverse("pages:redaksi"))
    assert redaksi.status_code == 200
    assert "PT Berita Banten Mandiri" in redaksi.text
    assert "<dt>Redaktur</dt>" in redaksi.text.replace("\n", "").replace("  ", "")
    pedoman = client.get(reverse("pages:pedoman"))
    assert "Kemerdekaan berpendapat" in pedoman.text
    home = client.get(reverse("reader:headlines")).text
    assert reverse("pages:redaksi") in home and reverse("pages:pedoman") in home
    assert reverse("reader:corrections") in home


def test_only_the_chief_editor_edits_the_site_pages(client):
    from tests.factories import make_user, with_role

    page = SitePage.objects.get(kind=SitePage.Kind.REDAKSI)
    url = reverse("admin:pages_sitepage_change", args=[page.pk])
    editor = with_role(make_user(is_staff=True), "Redaktur")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    chief = with_role(make_user(is_staff=True), "Pemimpin Redaksi")
    client.force_login(chief)
    response = client.post(
        url,
        {
            "title": "Redaksi",
            "company_name": "PT Baru",
            "address": "Serang",
            "contact": "x@example.id",
            "person_in_charge": "A",
            "editorial_staff": "Redaktur: B",
            "body": "<p>x<script>y</script></p>",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.company_name == "PT Baru" and page.updated_by == chief
    assert "<script>" not in page.body


def test_site_page_body_is_sanitized():
    page = SitePage.objects.get(kind=SitePage.Kind.PEDOMAN)
    page.body = '<p onclick="x()">Teks</p><script>alert(1)</script>'
    page.save()
    assert page.body == "<p>Teks</p>"
