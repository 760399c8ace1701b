"""Live coverage: entries by role, corrections, the trash, the readers' page and its
update feed (served from the page cache), the end of coverage, structured data, and the
page cache renewing only the pages an entry shows on."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, next_public_change
from live import services
from live.models import LiveEntry
from tests.factories import make_article, make_entry, make_image

pytestmark = pytest.mark.django_db


def entry_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-entry="(\d+)"', html)]


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.fixture
def coverage():
    return make_article(
        headline="Banjir Lebak: laporan langsung",
        coverage_starts_at=timezone.now() - timedelta(hours=2),
    )


def test_readers_see_published_entries_newest_first_under_a_live_label(client, coverage):
    older = make_entry(coverage, published_at=timezone.now() - timedelta(minutes=30))
    newer = make_entry(coverage, published_at=timezone.now() - timedelta(minutes=5))
    make_entry(coverage, status=LiveEntry.Status.DRAFT)
    trashed = make_entry(coverage)
    LiveEntry.objects.filter(pk=trashed.pk).update(trashed_at=timezone.now())
    make_entry(coverage, published_at=timezone.now() + timedelta(minutes=10))  # not yet
    html = client.get(coverage.get_absolute_url()).text
    assert entry_ids(html) == [newer.pk, older.pk]
    assert 'class="label label--live">Langsung<' in html
    assert reverse("reader:live-updates", args=[coverage.pk]) in html
    assert f'id="entri-{newer.pk}"' in html and f'href="#entri-{newer.pk}"' in html


def test_key_events_are_summarised_and_pinned_entries_lead(client, coverage):
    key = make_entry(coverage, headline="Tanggul jebol", is_key_event=True)
    pinned = make_entry(coverage, headline="Nomor darurat BPBD", is_pinned=True)
    later = make_entry(coverage, published_at=timezone.now())
    html = client.get(coverage.get_absolute_url()).text
    summary = html[html.index('class="live__key"') : html.index('class="live__entries"')]
    assert "Tanggul jebol" in summary and f"#entri-{key.pk}" in summary
    assert "Nomor darurat" not in summary
    assert entry_ids(html)[:2] == [pinned.pk, later.pk]


def test_every_entry_is_in_the_html_older_ones_behind_a_summary(client, coverage):
    made = [
        make_entry(coverage, published_at=timezone.now() - timedelta(minutes=n)) for n in range(25)
    ]
    html = client.get(coverage.get_absolute_url()).text
    assert set(entry_ids(html)) == {entry.pk for entry in made}
    assert "Entri sebelumnya (5)" in html


def test_a_draft_or_scheduled_coverage_and_its_feed_are_hidden_from_readers(editor_client):
    client = Client()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    make_entry(draft)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
    make_entry(scheduled)
    for article in (draft, scheduled):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(reverse("reader:live-updates", args=[article.pk])).status_code == 404
    entry = draft.live_entries.get()
    preview = editor_client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "Pratinjau" in preview.text
    assert entry_ids(preview.text) == [entry.pk]  # staff see the coverage before it goes out
    assert "live.js" not in preview.text  # a preview never polls
    plain = make_article()
    assert client.get(reverse("reader:live-updates", args=[plain.pk])).status_code == 404


def test_ending_coverage_removes_the_label_and_keeps_the_entries(client, coverage):
    entry = make_entry(coverage)
    Article.objects.filter(pk=coverage.pk).update(coverage_ends_at=timezone.now())
    html = client.get(coverage.get_absolute_url()).text
    assert "label--live" not in html and "live.js" not in html
    assert "data-updates-url" not in html
    assert entry_ids(html) == [entry.pk] and "berakhir" in html
    feed = json.loads(client.get(reverse("reader:live-updates", args=[coverage.pk])).content)
    assert feed["live"] is False


def test_the_page_cache_keeps_no_page_past_the_coverages_end(coverage):
    ends = timezone.now() + timedelta(minutes=7)
    Article.objects.filter(pk=coverage.pk).update(coverage_ends_at=ends)
    assert next_public_change() == ends


def test_the_update_feed_is_served_from_the_page_cache_with_an_etag(
    coverage, settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    entry = make_entry(coverage, headline="Air surut")
    url = reverse("reader:live-updates", args=[coverage.pk])
    first = Client().get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("application/json")
    data = json.loads(first.content)
    assert data["live"] is True and [e["id"] for e in data["entries"]] == [entry.pk]
    assert "Air surut" in data["entries"][0]["html"]
    assert "max-age" in first["Cache-Control"]
    with django_assert_num_queries(0):  # however many readers poll
        for _ in range(20):
            again = Client().get(url)
            assert again["X-Page-Cache"] == "hit"
        unchanged = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304


def test_the_update_feed_is_kept_a_few_seconds_at_most(coverage, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    response = Client().get(reverse("reader:live-updates", args=[coverage.pk]))
    assert (
        int(
            re.search(r"s-maxage=(\d+)|max-age=(\d+)", response["Cache-Control"])
            .group(0)
            .split("=")[1]
        )
        <= 5
    )


def test_publishing_an_entry_renews_its_pages_and_leaves_the_rest_cached(
    coverage, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    other = make_article(headline="Berita lain")
    reader = Client()
    pages = [coverage.get_absolute_url(), reverse("reader:live-updates", args=[coverage.pk])]
    for url in [*pages, other.get_absolute_url()]:
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit"
    entry = LiveEntry(article=coverage, body="<p>Pengungsi bertambah menjadi 300 orang.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_entry(entry=entry, before=None, publish=True)
    for url in pages:
        page = reader.get(url)
        assert page["X-Page-Cache"] == "miss", url
        assert "300 orang" in page.content.decode()
    assert reader.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_draft_entry_keeps_every_page_cached(
    coverage, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    reader = Client()
    reader.get(coverage.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.save_entry(entry=LiveEntry(article=coverage, body="<p>Draf.</p>"), before=None)
    assert reader.get(coverage.get_absolute_url())["X-Page-Cache"] == "hit"


def test_structured_data_is_a_live_blog_with_its_updates(client, coverage):
    photo = make_image(renditions=True, size=(1600, 900))
    with_photo = make_entry(coverage, headline="Evakuasi warga", image=photo)
    plain = make_entry(coverage, headline="", published_at=timezone.now() - timedelta(hours=1))
    data = json_ld(client.get(coverage.get_absolute_url()).text)
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"].startswith(
        coverage.coverage_starts_at.astimezone(timezone.get_current_timezone()).strftime(
            "%Y-%m-%dT%H"
        )
    )
    assert "coverageEndTime" not in data
    for required in ("headline", "datePublished", "publisher", "author", "image"):
        assert required in data, required
    updates = data["liveBlogUpdate"]
    assert [u["url"].rsplit("#", 1)[1] for u in updates] == [
        f"entri-{with_photo.pk}",
        f"entri-{plain.pk}",
    ]
    assert updates[0]["@type"] == "BlogPosting" and updates[0]["headline"] == "Evakuasi warga"
    assert updates[0]["image"].startswith("http") and "image" not in updates[1]
    assert updates[1]["headline"].startswith("Entri")  # from its text when it has no headline
    assert all(u["datePublished"].endswith("+07:00") for u in updates)
    Article.objects.filter(pk=coverage.pk).update(coverage_ends_at=timezone.now())
    assert "coverageEndTime" in json_ld(client.get(coverage.get_absolute_url()).text)


def _entry_form(article, **fields):
    data = {
        "article": article.pk,
        "headline": "Jalan ditutup",
        "body": "<p>Jalan Serang–Pandeglang ditutup sementara.</p>",
        "image": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(fields)
    return data


def test_a_reporter_writes_a_draft_and_an_editor_publishes_it(
    coverage, reporter_client, editor, django_capture_on_commit_callbacks
):
    response = reporter_client.post(reverse("admin:live_liveentry_add"), _entry_form(coverage))
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.status == LiveEntry.Status.DRAFT  # asked to publish; may not
    assert entry.author.username != editor.username
    assert entry.pk not in entry_ids(Client().get(coverage.get_absolute_url()).text)
    editor_client = Client()
    editor_client.force_login(editor)
    url = reverse("admin:live_liveentry_change", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, _entry_form(coverage, status="published"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_public and entry.corrected_at is None
    assert entry.pk in entry_ids(Client().get(coverage.get_absolute_url()).text)


def test_a_reporter_cannot_change_a_published_entry(coverage, reporter_client):
    entry = make_entry(coverage, body="<p>Asli.</p>")
    url = reverse("admin:live_liveentry_change", args=[entry.pk])
    reporter_client.post(url, _entry_form(coverage, body="<p>Diubah wartawan.</p>"))
    entry.refresh_from_db()
    assert entry.body == "<p>Asli.</p>"


def test_a_corrected_entry_says_so_and_keeps_its_revisions(
    coverage, editor_client, django_capture_on_commit_callbacks
):
    entry = make_entry(coverage, headline="Korban 3 orang")
    url = reverse("admin:live_liveentry_change", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            url,
            _entry_form(
                coverage,
                headline="Korban 4 orang",
                status="published",
                published_at_0=timezone.localtime(entry.published_at).strftime("%Y-%m-%d"),
                published_at_1=timezone.localtime(entry.published_at).strftime("%H:%M:%S"),
            ),
        )
    entry.refresh_from_db()
    assert entry.headline == "Korban 4 orang" and entry.corrected_at is not None
    html = Client().get(coverage.get_absolute_url()).text
    assert "diperbarui " + timezone.localtime(entry.corrected_at).strftime("%H.%M") in html
    assert Version.objects.get_for_object(entry).count() >= 1


def test_an_entry_goes_to_the_trash_and_comes_back(
    coverage, editor_client, django_capture_on_commit_callbacks
):
    entry = make_entry(coverage)
    changelist = reverse("admin:live_liveentry_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            changelist, {"action": "trash", "_selected_action": [entry.pk]}, follow=True
        )
    assert "1 entri dibuang" in response.text
    assert entry_ids(Client().get(coverage.get_absolute_url()).text) == []
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            changelist + "?sampah=1", {"action": "restore", "_selected_action": [entry.pk]}
        )
    assert entry_ids(Client().get(coverage.get_absolute_url()).text) == [entry.pk]
    assert (
        editor_client.get(reverse("admin:live_liveentry_delete", args=[entry.pk])).status_code
        == 403
    )


def test_a_coverage_cannot_end_before_it_starts(editor_client, coverage):
    from articles.forms import ArticleAdminForm

    form = ArticleAdminForm(
        data={
            "coverage_starts_at": timezone.now(),
            "coverage_ends_at": timezone.now() - timedelta(hours=1),
        },
        instance=coverage,
    )
    form.is_valid()
    assert "sesudah waktu mulainya" in " ".join(form.errors.get("coverage_ends_at", []))


def test_a_live_page_costs_the_same_queries_whatever_the_number_of_entries(client, coverage):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    photo = make_image(renditions=True, size=(1600, 900))

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(coverage.get_absolute_url()).status_code == 200
        return len(captured)

    for _ in range(3):
        make_entry(coverage, image=photo)
    few = queries()
    for _ in range(30):
        make_entry(coverage, image=photo, is_key_event=True)
    assert queries() == few <= 6  # the article page's four, and the entries in one
