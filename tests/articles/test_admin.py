import pytest
from django.urls import reverse

from articles.models import Article, Category, Source
from tests.factories import admin_form_data, make_article, make_image, region, uploaded

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def test_article_list_renders_in_indonesian_with_filters(editor_client):
    make_article(headline="Berita Banten", tags=["banten"], lead_image=make_image())
    response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.text
    assert "Berita Banten" in html
    for label in ("Status", "rubrik", "provinsi", "sumber", "tag", "waktu terbit"):
        assert label in html, label
    assert "Terbitkan artikel terpilih" in html
    assert 'class="nr-thumb"' in html


def test_article_list_filters_by_province_including_regencies(editor_client):
    make_article(headline="Kabupaten Serang", region=region("36.04"))
    make_article(headline="Kota Bandung", region=region("32.73"))
    response = editor_client.get(CHANGELIST, {"wilayah": "36"})
    assert list(response.context["cl"].result_list.values_list("headline", flat=True)) == [
        "Kabupaten Serang"
    ]


def test_article_list_searches_headline_summary_and_body(editor_client):
    make_article(headline="Satu", body="<p>posyandu kragilan</p>")
    make_article(headline="Dua")
    response = editor_client.get(CHANGELIST, {"q": "kragilan"})
    assert [a.headline for a in response.context["cl"].result_list] == ["Satu"]


def test_change_form_renders_with_rich_text_editor_and_autocomplete(editor_client):
    article = make_article()
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    html = response.text
    assert "prose-editor" in html
    assert 'data-model-name="category"' in html or "admin-autocomplete" in html
    assert article.get_absolute_url() in html  # "Lihat di situs"


def test_add_form_saves_a_sanitized_article_with_slug(editor_client, editor):
    category = Category.objects.create(name="Pemerintahan", slug="pemerintahan")
    source = Source.objects.create(name="beritaindonesianet", slug="bi", dateline_label="bi")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        admin_form_data(
            headline="Pemkab Serang Gelar Istighosah",
            summary="Ringkas.",
            body='<p>Isi <strong>tebal</strong><script>alert("x")</script></p>',
            dateline_place="serang",
            source=source.pk,
            author=editor.pk,
            category=category.pk,
            region=region("36.04").pk,
            tags=["maulid", "istighosah, Pemkab Serang"],
            _workflow="publish",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.slug == "pemkab-serang-gelar-istighosah"
    assert "<script>" not in article.body and "<strong>tebal</strong>" in article.body
    assert article.dateline_place == "SERANG" and article.is_public
    assert set(article.tags.names()) == {"maulid", "istighosah", "Pemkab Serang"}


def test_bulk_actions_publish_and_unpublish(editor_client):
    draft = make_article(status=Article.Status.DRAFT)
    editor_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_public
    editor_client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_status_badges_mark_scheduled_articles(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    make_article(published_at=timezone.now() + timedelta(days=1))
    assert "nr-badge--scheduled" in editor_client.get(CHANGELIST).text


@pytest.mark.parametrize("name", ["category", "region", "source"])
def test_reference_admins_render_and_search(editor_client, name):
    url = reverse(f"admin:articles_{name}_changelist")
    assert editor_client.get(url, {"q": "serang"}).status_code == 200


def test_region_admin_shows_hierarchy_and_autocomplete(editor_client):
    html = editor_client.get(reverse("admin:articles_region_changelist")).text
    assert "<strong>Aceh</strong>" in html and "— Kabupaten Aceh Selatan" in html
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "serang",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "region",
        },
    )
    names = [item["text"] for item in response.json()["results"]]
    assert "Kabupaten Serang, Banten" in names and "Kota Serang, Banten" in names
    change = editor_client.get(reverse("admin:articles_region_change", args=[region("36.04").pk]))
    assert "Kragilan" in change.text


def test_tags_field_is_an_autocomplete_that_accepts_new_tags(editor_client):
    article = make_article(tags=["Pemkab Serang", "maulid"])
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert 'data-tags="true"' in html
    assert reverse("admin:articles_article_tag_autocomplete") in html
    assert '<option value="Pemkab Serang" selected>Pemkab Serang</option>' in html


def test_tag_autocomplete_suggests_names_starting_with_the_term_first(editor_client):
    make_article(tags=["banten", "ulama banten", "serang"])
    response = editor_client.get(
        reverse("admin:articles_article_tag_autocomplete"), {"term": "ban"}
    )
    assert [r["text"] for r in response.json()["results"]] == ["banten", "ulama banten"]
    assert response.json()["results"][0]["id"] == "banten"


def test_tag_autocomplete_is_for_staff_only(client):
    response = client.get(reverse("admin:articles_article_tag_autocomplete"), {"term": "a"})
    assert response.status_code == 302


def test_a_lead_image_without_alt_text_is_refused_with_a_clear_message(editor_client):
    from images.models import Image

    response = editor_client.post(
        reverse("admin:articles_article_add"),
        admin_form_data(lead_image_upload=uploaded()),
    )
    assert response.status_code == 200
    assert "Teks alternatif wajib diisi untuk foto baru." in response.text
    assert not Article.objects.exists() and not Image.objects.exists()


def test_publishing_an_empty_story_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"), admin_form_data(body="", _workflow="publish")
    )
    assert "Isi berita wajib diisi sebelum diterbitkan." in response.text
    assert not Article.objects.exists()


def test_the_article_list_does_not_count_huge_tables_row_by_row(editor_client, monkeypatch):
    from django.db import connection

    from articles.admin import EstimatedCountPaginator

    for _ in range(3):
        make_article()
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 0)
    response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    count = response.context["cl"].paginator.count
    if connection.vendor == "postgresql":
        assert isinstance(count, int) and count >= 0  # the planner's estimate
    else:
        assert count == 3  # SQLite: counted
    assert response.context["cl"].show_full_result_count is False


def test_the_date_drill_down_lists_the_same_periods_without_scanning_every_row(editor_client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    jakarta = ZoneInfo("Asia/Jakarta")
    for year, month, day in [(2023, 3, 1), (2023, 12, 31), (2025, 1, 1), (2025, 5, 11)]:
        make_article(published_at=datetime(year, month, day, 0, 30, tzinfo=jakarta))
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(CHANGELIST).content.decode()
    assert "published_at__year=2023" in page and "published_at__year=2025" in page
    assert "published_at__year=2024" not in page  # nothing then: not offered
    # Periods are found by index range, not by truncating every row's date.
    assert not [q["sql"] for q in queries.captured_queries if "'year'" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        months = editor_client.get(CHANGELIST + "?published_at__year=2023").content.decode()
    assert "published_at__month=3" in months and "published_at__month=12" in months
    assert "published_at__month=6" not in months
    assert not [q["sql"] for q in queries.captured_queries if "'month'" in q["sql"]]
    days = editor_client.get(CHANGELIST + "?published_at__year=2023&published_at__month=12")
    assert "published_at__day=31" in days.content.decode()


def test_the_article_screen_shows_the_lead_photo_with_its_crops(editor_client):
    article = make_article(lead_image=make_image(renditions=True, size=(1600, 1200)))
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    preview = page[page.index('class="nr-lead-preview"') :]
    assert preview.count("/media/renditions/") >= 3  # 16:9, and 4:3 and 1:1 beside it
    assert "4:3" in preview and "1:1" in preview
