import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_is_indonesian_by_default_even_for_english_browsers(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert "Nama pengguna" in response.text


def test_english_is_available_through_the_language_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get(reverse("admin:login"))
    assert response["Content-Language"] == "en"
    assert "Username" in response.text


def test_public_site_is_indonesian_by_default(client):
    response = client.get(reverse("articles:headlines"))
    assert '<html lang="id">' in response.text
    assert "Langsung ke isi" in response.text


def test_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("articles:headlines"))["Content-Language"] == "id"
