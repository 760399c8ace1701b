"""Each role sees the newsroom's own items in the admin; security logs, groups, accounts,
old addresses and the task queue are the administrator's. Indonesian throughout, with
the site's icon."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

NEWSROOM = {"Artikel", "Foto", "Berita terkini (pita)", "Rubrik", "Wilayah", "Sumber"}
ADMINISTRATORS = {
    "Grup",
    "Pengguna",
    "Alamat lama",
    "Upaya akses",
    "Log akses",
    "Kegagalan akses",
    "Hasil tugas latar",
}


def navigation(client) -> set[str]:
    page = client.get(reverse("admin:index")).text
    found = re.findall(r'<th scope="row" id="[^"]+">\s*<a href="[^"]+"[^>]*>([^<]+)</a>', page)
    return {name.strip() for name in found}


def test_a_reporter_sees_the_newsrooms_items_only(reporter_client):
    shown = navigation(reporter_client)
    assert {"Artikel", "Foto", "Rubrik", "Wilayah", "Sumber"} <= shown
    assert not shown & ADMINISTRATORS
    assert "Tag" not in shown  # tidying tags is the desk's


def test_an_editor_sees_breaking_news_and_tags_but_no_security_items(editor_client):
    shown = navigation(editor_client)
    assert NEWSROOM | {"Tag"} <= shown
    assert not shown & ADMINISTRATORS


def test_a_chief_editor_sees_site_pages_but_not_accounts_or_logs(chief_client):
    shown = navigation(chief_client)
    assert NEWSROOM | {"Halaman situs"} <= shown
    assert not shown & ADMINISTRATORS
    # Permissions are kept: the account pages still open for a chief editor.
    assert chief_client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_an_administrator_sees_everything(client):
    client.force_login(make_user(username="admin", is_staff=True, is_superuser=True))
    shown = navigation(client)
    assert shown >= NEWSROOM
    assert shown >= ADMINISTRATORS


def test_the_admin_has_the_site_icon(reporter_client):
    page = reporter_client.get(reverse("admin:index")).text
    assert re.search(r'<link rel="icon" href="[^"]*favicon[^"]*\.svg"', page)


def test_the_time_zone_note_speaks_indonesian_in_wib_terms(reporter_client):
    catalog = reporter_client.get(reverse("admin:jsi18n")).text
    assert "isikan waktu dalam WIB" in catalog
