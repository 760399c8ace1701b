"""Two editors, one story: the second save is refused and nothing typed is lost."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.conftest import staff_with_role
from tests.factories import admin_form_data, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def two_editors(db):
    sessions = []
    for name in ("Dewi", "Rudi"):
        user = staff_with_role("Redaktur", username=name.lower(), first_name=name)
        client = Client()
        client.force_login(user)
        sessions.append((user, client))
    return sessions


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article):
    """GET the change form and return the data it would post back."""
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    return admin_form_data(article, lock_version=str(form.initial["lock_version"]))


def test_the_second_save_is_refused_and_keeps_the_typed_text(two_editors):
    (_dewi, dewi_client), (_rudi, rudi_client) = two_editors
    article = make_article(headline="Judul awal", body="<p>Isi awal.</p>")
    dewi_form = open_form(dewi_client, article)
    rudi_form = open_form(rudi_client, article)

    dewi_form.update(headline="Judul versi Dewi")
    assert dewi_client.post(change_url(article), dewi_form).status_code == 302

    rudi_form.update(headline="Judul versi Rudi", body="<p>Paragraf panjang ketikan Rudi.</p>")
    response = rudi_client.post(change_url(article), rudi_form)
    assert response.status_code == 200
    assert "Simpanan ditolak" in response.text
    assert "diubah oleh Dewi" in response.text
    assert "judul" in response.text  # what changed
    assert 'value="Judul versi Rudi"' in response.text
    assert "Paragraf panjang ketikan Rudi." in response.text
    assert "Judul versi Dewi" in response.text  # the stored version, to merge by hand
    article.refresh_from_db()
    assert article.headline == "Judul versi Dewi"

    # Having seen Dewi's version, Rudi merges and saves again.
    merged = response.context["adminform"].form.data.copy()
    merged["headline"] = "Judul gabungan"
    assert rudi_client.post(change_url(article), merged).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Judul gabungan"


def test_a_workflow_change_by_someone_else_also_makes_a_form_stale(two_editors):
    (_dewi, dewi_client), (_rudi, rudi_client) = two_editors
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    rudi_form = open_form(rudi_client, article)
    dewi_client.post(
        change_url(article), open_form(dewi_client, article) | {"_workflow": "publish"}
    )
    response = rudi_client.post(change_url(article), rudi_form | {"headline": "Telat"})
    assert "Simpanan ditolak" in response.text
    article.refresh_from_db()
    assert article.is_public and article.headline != "Telat"


def test_others_see_who_is_editing(two_editors):
    (_dewi, dewi_client), (_rudi, rudi_client) = two_editors
    article = make_article()
    first = dewi_client.get(change_url(article))
    assert first.context["other_editors"] == []
    second = rudi_client.get(change_url(article))
    assert "Sedang disunting oleh" in second.text
    assert [e["name"] for e in second.context["other_editors"]] == ["Dewi"]
    heartbeat = reverse("admin:articles_article_presence", args=[article.pk])
    assert dewi_client.get(heartbeat).json()["others"] == ["Rudi"]
    rudi_client.post(heartbeat, {"leave": "1"})
    assert dewi_client.get(heartbeat).json()["others"] == []
