"""The content API: every field of a story, filters, cursors, the change feed with its
tombstones, what stays hidden, caching, keys and limits, OpenAPI and ninjs."""

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import keys
from api.models import ApiKey, ApiKeyUsage
from articles import services
from articles.models import Article, Correction
from tests import factories

pytestmark = pytest.mark.django_db

NINJS_SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "api/ninjs/ninjs-schema_2.1.json").read_text()
)


def get(client, path, **headers):
    return client.get(path, headers=headers)


def items(response):
    assert response.status_code == 200, response.content
    return response.json()["items"]


def ids(response):
    return [item["id"] for item in items(response)]


@pytest.fixture
def story(db):
    reporter = factories.make_user(
        username="sutrisno", first_name="Sutrisno", last_name="Hadi", initials="str"
    )
    photo = factories.make_image(renditions=True, caption="Posyandu di Ciruas", credit="Dok. Humas")
    source = factories.make_source(
        name="Berita Indonesia",
        slug="berita-indonesia",
        dateline_label="beritaindonesianet",
        homepage_url="https://beritaindonesia.example",
    )
    article = factories.make_article(
        headline="Bupati Serang resmikan posyandu terpadu di Ciruas",
        summary="Posyandu terpadu pertama di Kabupaten Serang.",
        body="<p>Bupati meresmikan posyandu.</p><p>&ldquo;Kami siap,&rdquo; katanya.</p>",
        category=factories.make_category(name="Pemerintahan", slug="pemerintahan"),
        source=source,
        region=factories.region("36.04"),
        author=reporter,
        lead_image=photo,
        kind=Article.Kind.ADVERTORIAL,
        tags=["posyandu", "kesehatan"],
    )
    Correction.objects.create(article=article, kind="ralat", text="Nama desa diperbaiki.")
    Correction.objects.create(article=article, kind="hak_jawab", text="Tanggapan dinas.")
    return article


class TestArticleDetail:
    def test_a_story_comes_with_everything_a_client_needs_in_one_answer(self, client, story):
        data = get(client, f"/api/v1/articles/{story.pk}/").json()

        assert data["id"] == story.pk
        assert data["url"].endswith(f"/berita/{story.pk}/{story.slug}/")
        assert data["canonical_url"] == data["url"]
        assert data["api_url"].endswith(f"/api/v1/articles/{story.pk}/")
        assert data["headline"] == "Bupati Serang resmikan posyandu terpadu di Ciruas"
        assert data["summary"] == "Posyandu terpadu pertama di Kabupaten Serang."
        assert "<p>Bupati meresmikan posyandu.</p>" in data["body_html"]
        assert data["body_text"] == "Bupati meresmikan posyandu.\n\n“Kami siap,” katanya."
        assert data["dateline"] == "SERANG, beritaindonesianet –"
        assert data["dateline_place"] == "SERANG"
        assert data["signoff"] == "str"
        assert data["published_at"].endswith("+07:00")
        assert data["published_at"] == timezone.localtime(story.published_at).isoformat()
        assert data["updated_at"].endswith("+07:00")
        assert data["type"] == "advertorial"
        assert data["label"] == "Advertorial"
        assert data["is_paid_or_promotional"] is True
        assert data["rubrik"]["slug"] == "pemerintahan"
        assert data["region"]["code"] == "36.04"
        assert data["region"]["level"] == "regency"
        assert data["region"]["province"] == {"code": "36", "name": "Banten", "slug": "banten"}
        assert data["source"]["name"] == "Berita Indonesia"
        assert data["source"]["syndication"] == "none"
        assert data["author"]["kind"] == "person"
        assert data["author"]["name"] == "Sutrisno Hadi"
        assert data["author"]["url"].endswith("/penulis/sutrisno/")
        assert sorted(tag["slug"] for tag in data["tags"]) == ["kesehatan", "posyandu"]
        photo = data["lead_image"]
        assert photo["caption"] == "Posyandu di Ciruas"
        assert photo["credit"] == "Dok. Humas"
        assert photo["alt"] == "Kader posyandu menimbang balita"
        assert {r["ratio"] for r in photo["renditions"]} == {"16:9", "4:3", "1:1"}
        assert {r["format"] for r in photo["renditions"]} == {"avif", "webp", "jpeg"}
        assert all(r["url"].startswith("http") and r["width"] > 0 for r in photo["renditions"])
        assert [c["kind"] for c in data["corrections"]] == ["ralat", "hak_jawab"]
        assert data["corrections"][1]["text"] == "Tanggapan dinas."

    def test_the_outlet_is_the_byline_of_a_story_without_a_reporter(self, client):
        source = factories.make_source(homepage_url="https://antara.example")
        article = factories.make_article(source=source, author=None)
        author = get(client, f"/api/v1/articles/{article.pk}/").json()["author"]
        assert author == {
            "kind": "organization",
            "name": source.name,
            "username": "",
            "initials": "",
            "url": "https://antara.example",
        }

    def test_a_syndicated_copy_points_to_its_original_when_its_source_asks(self, client):
        source = factories.make_source(syndication="canonical")
        article = factories.make_article(source=source, original_url="https://asal.example/x")
        data = get(client, f"/api/v1/articles/{article.pk}/").json()
        assert data["canonical_url"] == "https://asal.example/x"
        assert data["lead_image"] is None


HIDDEN = ["draft", "review", "scheduled", "embargoed", "trashed", "taken_down"]


def hidden_story(state, chief):
    if state == "draft":
        return factories.make_article(status=Article.Status.DRAFT, headline="Rahasia draf")
    if state == "review":
        return factories.make_article(status=Article.Status.REVIEW, headline="Rahasia review")
    if state == "scheduled":
        return factories.make_article(
            published_at=timezone.now() + timedelta(hours=2), headline="Rahasia terjadwal"
        )
    if state == "embargoed":
        later = timezone.now() + timedelta(hours=3)
        return factories.make_article(
            published_at=later, embargo_ends_at=later, headline="Rahasia embargo"
        )
    article = factories.make_article(headline=f"Rahasia {state}")
    if state == "trashed":
        services.trash_article(article=article, user=chief)
    else:
        services.take_down_article(
            article=article, user=chief, reason="press_council", note="Dicabut atas putusan."
        )
    return article


@pytest.mark.parametrize("state", HIDDEN)
def test_a_story_readers_cannot_see_is_invisible_on_every_endpoint(client, chief, state, settings):
    settings.NEWSROOM_API_CHANGES_SETTLE_SECONDS = 0
    author = factories.make_user(username=f"penulis-{state}", first_name="Tersembunyi")
    article = hidden_story(state, chief)
    Article.objects.filter(pk=article.pk).update(author=author)
    shown = factories.make_article(headline="Berita terbit")

    listed = get(client, "/api/v1/articles/?limit=100")
    assert ids(listed) == [shown.pk]
    assert b"Rahasia" not in listed.content
    assert ids(get(client, "/api/v1/articles/?q=Rahasia")) == []
    assert ids(get(client, f"/api/v1/articles/?author={author.username}")) == []
    for path in (f"/api/v1/articles/{article.pk}/", f"/api/v1/ninjs/{article.pk}/"):
        response = get(client, path)
        assert response.status_code == (410 if state == "taken_down" else 404)
        assert b"Rahasia" not in response.content
    assert author.username not in [a["username"] for a in items(get(client, "/api/v1/authors/"))]
    changes = items(get(client, "/api/v1/changes/?limit=100"))
    assert b"Rahasia" not in json.dumps(changes).encode()
    mine = [change for change in changes if change["id"] == article.pk]
    if state in ("trashed", "taken_down"):  # readers saw it: partners learn it is gone
        assert [change["change"] for change in mine] == [
            "trashed" if state == "trashed" else "taken_down"
        ]
        assert mine[0]["headline"] is None and mine[0]["api_url"] is None
    else:
        assert mine == []


class TestFilters:
    def test_each_filter_narrows_the_list(self, client, story):
        other = factories.make_article(region=factories.region("36.71"), kind=Article.Kind.NEWS)
        elsewhere = factories.make_article(region=factories.region("32.73"))

        assert ids(get(client, "/api/v1/articles/?rubrik=pemerintahan")) == [story.pk]
        assert ids(get(client, "/api/v1/articles/?tag=posyandu")) == [story.pk]
        assert ids(get(client, "/api/v1/articles/?source=berita-indonesia")) == [story.pk]
        assert ids(get(client, "/api/v1/articles/?author=sutrisno")) == [story.pk]
        assert ids(get(client, "/api/v1/articles/?type=advertorial")) == [story.pk]
        assert set(ids(get(client, "/api/v1/articles/?type=news"))) == {other.pk, elsewhere.pk}
        assert ids(get(client, "/api/v1/articles/?q=posyandu")) == [story.pk]
        assert ids(get(client, "/api/v1/articles/?region=36.71")) == [other.pk]
        slug = factories.region("36.71").slug
        assert ids(get(client, f"/api/v1/articles/?region={slug}")) == [other.pk]

    def test_a_province_includes_its_regencies_and_cities(self, client, story):
        city = factories.make_article(region=factories.region("36.71"))
        factories.make_article(region=factories.region("32.73"))
        for value in ("36", "banten"):
            assert set(ids(get(client, f"/api/v1/articles/?region={value}"))) == {
                story.pk,
                city.pk,
            }

    def test_updated_since_gives_what_changed_from_that_moment(self, client, story):
        moment = timezone.now()
        changed = factories.make_article()
        since = timezone.localtime(moment).isoformat()
        response = client.get("/api/v1/articles/", {"updated_since": since})
        assert ids(response) == [changed.pk]

    @pytest.mark.parametrize(
        "query, message",
        [
            ("cursor=bukan-kursor", "Kursor tidak sah"),
            ("limit=0", "'limit' harus antara 1 dan 100"),
            ("limit=101", "'limit' harus antara 1 dan 100"),
            ("type=iklan", "'type' harus salah satu dari"),
        ],
    )
    def test_a_bad_parameter_is_refused_with_the_reason(self, client, query, message):
        response = get(client, f"/api/v1/articles/?{query}")
        assert response.status_code == 400
        assert message in response.json()["detail"]

    def test_a_malformed_value_is_a_client_error_never_a_server_error(self, client):
        for query in ("limit=abc", "updated_since=kemarin", "cursor=%00", "limit=-1"):
            assert get(client, f"/api/v1/articles/?{query}").status_code in (400, 422)
        assert ids(get(client, "/api/v1/articles/?region=%ff")) == []  # no such region
        assert get(client, "/api/v1/articles/abc/").status_code in (404, 422)
        assert get(client, "/api/v1/articles/99999999999999999999/").status_code in (404, 422)


def test_pages_stay_stable_while_stories_are_published_during_paging(client):
    now = timezone.now()
    stories = [
        factories.make_article(published_at=now - timedelta(minutes=minute))
        for minute in range(1, 8)
    ]
    first = get(client, "/api/v1/articles/?limit=3").json()
    factories.make_article(published_at=now)  # published while the client pages
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = get(client, f"/api/v1/articles/?limit=3&cursor={cursor}").json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [article.pk for article in stories]


def test_stories_published_at_the_same_second_are_neither_repeated_nor_skipped(client):
    moment = timezone.now() - timedelta(minutes=5)
    stories = [factories.make_article(published_at=moment) for _ in range(5)]
    seen, cursor = [], ""
    for _ in range(5):
        page = get(client, f"/api/v1/articles/?limit=2&cursor={cursor}").json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(a.pk for a in stories) and len(seen) == 5


class TestChangeFeed:
    @pytest.fixture(autouse=True)
    def _settled(self, settings):
        settings.NEWSROOM_API_CHANGES_SETTLE_SECONDS = 0

    def feed(self, client, cursor=""):
        return get(client, f"/api/v1/changes/?limit=100&cursor={cursor}").json()

    def test_every_change_to_the_public_comes_in_order_with_tombstones(self, client, chief):
        draft = factories.make_article(status=Article.Status.DRAFT)
        published = services.publish_article(article=draft, user=chief)
        edited = factories.make_article(headline="Disunting")
        services.save_article(article=edited, user=chief)
        corrected = factories.make_article()
        services.add_correction(article=corrected, user=chief, kind="ralat", text="Ralat.")
        unpublished = services.unpublish_article(article=factories.make_article(), user=chief)
        trashed = services.trash_article(article=factories.make_article(), user=chief)
        taken = services.take_down_article(
            article=factories.make_article(headline="Berita yang dicabut"),
            user=chief,
            reason="press_council",
            note="Dicabut atas putusan Dewan Pers.",
        )
        deleted = services.trash_article(article=factories.make_article(), user=chief)
        services.empty_trash(articles=[deleted], user=chief)
        never = factories.make_article(status=Article.Status.DRAFT)

        feed = self.feed(client)
        last = {item["id"]: item for item in feed["items"]}
        assert never.pk not in last
        assert last[published.pk]["change"] == "published"
        assert last[edited.pk]["change"] == "updated"
        assert last[edited.pk]["headline"] == "Disunting"
        assert last[corrected.pk]["change"] == "corrected"
        assert last[unpublished.pk]["change"] == "unpublished"
        assert last[trashed.pk]["change"] == "trashed"
        assert last[taken.pk]["change"] == "taken_down"
        assert last[taken.pk]["note"] == "Dicabut atas putusan Dewan Pers."
        assert last[taken.pk]["reason"] == "Keputusan Dewan Pers"
        assert last[deleted.pk]["change"] == "deleted"
        for gone in (unpublished, trashed, taken, deleted):
            assert last[gone.pk]["headline"] is None and last[gone.pk]["api_url"] is None
        assert "Berita yang dicabut" not in json.dumps(feed)
        moments = [item["changed_at"] for item in feed["items"]]
        assert moments == sorted(moments)

    def test_a_client_resumes_from_its_cursor_and_gets_only_what_is_new(self, client, chief):
        first = factories.make_article()
        feed = self.feed(client)
        assert [item["id"] for item in feed["items"]] == [first.pk]
        assert self.feed(client, feed["next_cursor"])["items"] == []

        services.save_article(article=first, user=chief)
        second = factories.make_article()
        again = self.feed(client, feed["next_cursor"])
        assert [item["id"] for item in again["items"]] == [first.pk, second.pk]
        assert again["items"][0]["change"] == "updated"

    def test_pages_of_the_feed_follow_one_another(self, client):
        made = [factories.make_article() for _ in range(5)]
        seen, cursor, more = [], "", True
        while more:
            page = get(client, f"/api/v1/changes/?limit=2&cursor={cursor}").json()
            seen += [item["id"] for item in page["items"]]
            cursor, more = page["next_cursor"], page["has_more"]
        assert seen == [a.pk for a in made]

    def test_a_scheduled_story_appears_when_readers_can_see_it(self, client):
        later = timezone.now() + timedelta(hours=1)
        scheduled = factories.make_article(published_at=later)
        assert self.feed(client)["items"] == []
        Article.objects.filter(pk=scheduled.pk).update(
            published_at=timezone.now() - timedelta(seconds=1),
            changed_at=timezone.now() - timedelta(seconds=1),
        )
        assert [item["change"] for item in self.feed(client)["items"]] == ["published"]

    def test_the_feed_stays_behind_the_present_for_saves_still_committing(self, client, settings):
        settings.NEWSROOM_API_CHANGES_SETTLE_SECONDS = 30
        factories.make_article()
        assert self.feed(client)["items"] == []

    def test_since_starts_after_a_moment(self, client):
        factories.make_article()
        moment = timezone.localtime(timezone.now()).isoformat()
        newer = factories.make_article()
        feed = client.get("/api/v1/changes/", {"since": moment}).json()
        assert [item["id"] for item in feed["items"]] == [newer.pk]


class TestQueries:
    def queries(self, client, path):
        get(client, path)  # what a process keeps (a province's areas) is kept
        with CaptureQueriesContext(connection) as captured:
            response = get(client, path)
        assert response.status_code == 200
        return len(captured)

    def test_the_same_number_of_queries_whatever_the_size_of_the_archive(self, client, story):
        paths = [
            "/api/v1/articles/",
            "/api/v1/articles/?region=36",
            "/api/v1/changes/",
            f"/api/v1/articles/{story.pk}/",
            f"/api/v1/ninjs/{story.pk}/",
        ]
        few = [self.queries(client, path) for path in paths]
        photo = factories.make_image(renditions=True)
        for number in range(12):
            factories.make_article(tags=[f"tag{number}", "banten"], lead_image=photo)
        many = [self.queries(client, path) for path in paths]
        assert few == many
        assert max(many) <= 4


class TestCaching:
    @pytest.fixture(autouse=True)
    def _page_cache(self, settings):
        settings.NEWSROOM_PAGE_CACHE_SECONDS = 300

    def test_answers_come_from_the_page_cache_with_etag_and_304(self, client, story):
        path = f"/api/v1/articles/{story.pk}/"
        first = get(client, path)
        assert first["X-Page-Cache"] == "miss"
        assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
        with CaptureQueriesContext(connection) as captured:
            second = get(client, path)
        assert second["X-Page-Cache"] == "hit"
        assert len(captured) == 0
        assert second.content == first.content
        again = get(client, path, If_None_Match=first["ETag"])
        assert again.status_code == 304

    def test_a_change_reaches_the_api_as_it_reaches_pages(
        self, client, story, chief, django_capture_on_commit_callbacks
    ):
        path = "/api/v1/articles/"
        before = get(client, path)
        get(client, path)
        story.headline = "Judul baru dari redaksi"
        with django_capture_on_commit_callbacks(execute=True):
            services.save_article(article=story, user=chief)
        after = get(client, path)
        assert after["X-Page-Cache"] == "miss"
        assert after["ETag"] != before["ETag"]
        assert "Judul baru dari redaksi" in after.content.decode()
        assert get(client, path, If_None_Match=before["ETag"]).status_code == 200

    def test_parameters_the_answer_does_not_use_share_one_entry(self, client, story):
        get(client, "/api/v1/articles/?region=36")
        assert get(client, "/api/v1/articles/?region=36&utm_source=x")["X-Page-Cache"] == "hit"
        assert get(client, "/api/v1/articles/?region=32")["X-Page-Cache"] == "miss"


class TestKeys:
    def issue(self, **fields):
        api_key = ApiKey(name="Aplikasi Pemkab", **fields)
        secret = api_key.issue()
        api_key.save()
        return api_key, secret

    def test_without_anonymous_access_a_key_is_required(self, client, settings, story):
        settings.NEWSROOM_API_ANONYMOUS = False
        response = get(client, "/api/v1/articles/")
        assert response.status_code == 401
        assert "kunci" in response.json()["detail"]
        assert response["WWW-Authenticate"] == "Bearer"
        _api_key, secret = self.issue()
        assert get(client, "/api/v1/articles/", Authorization=f"Bearer {secret}").status_code == 200
        assert get(client, "/api/v1/articles/", X_Api_Key=secret).status_code == 200
        assert get(client, "/api/v1/articles/", X_Api_Key="nr_salah").status_code == 401
        # The description and its page stay open: partners read them before they have a key.
        assert get(client, "/api/v1/openapi.json").status_code == 200

    def test_a_key_past_its_limit_gets_429_with_retry_after(self, client, settings):
        settings.NEWSROOM_PAGE_CACHE_SECONDS = 300  # cached answers count too
        _api_key, secret = self.issue(requests_per_minute=2)
        for _ in range(2):
            assert get(client, "/api/v1/rubriks/", X_Api_Key=secret).status_code == 200
        refused = get(client, "/api/v1/rubriks/", X_Api_Key=secret)
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert "Coba lagi" in refused.json()["detail"]
        assert get(client, "/api/v1/rubriks/").status_code == 200  # others are not held

    def test_anonymous_clients_are_limited_per_address(self, client, settings):
        settings.NEWSROOM_RATE_LIMITS = {**settings.NEWSROOM_RATE_LIMITS, "api": 1}
        assert get(client, "/api/v1/rubriks/").status_code == 200
        assert get(client, "/api/v1/rubriks/").status_code == 429

    def test_a_revoked_key_is_refused_at_once(
        self, client, chief_client, settings, django_capture_on_commit_callbacks
    ):
        settings.NEWSROOM_API_ANONYMOUS = False
        api_key, secret = self.issue()
        assert get(client, "/api/v1/rubriks/", X_Api_Key=secret).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = chief_client.post(
                "/admin/api/apikey/",
                {"action": "revoke_selected", "_selected_action": [api_key.pk]},
                follow=True,
            )
        assert "1 kunci dicabut" in response.content.decode()
        client.logout()
        refused = get(client, "/api/v1/rubriks/", X_Api_Key=secret)
        assert refused.status_code == 401
        assert refused.json()["detail"] == "Kunci API ini sudah dicabut."

    def test_usage_is_counted_per_key_without_a_query_per_request(self, client, settings):
        settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
        api_key, secret = self.issue()
        get(client, "/api/v1/rubriks/", X_Api_Key=secret)  # the key is looked up once
        with CaptureQueriesContext(connection) as captured:
            for _ in range(3):
                assert get(client, "/api/v1/rubriks/", X_Api_Key=secret).status_code == 200
        assert len(captured) == 0
        assert keys.record_usage.call() == 1
        assert ApiKeyUsage.objects.get(key=api_key).requests == 4
        keys.record_usage.call()  # written again: the day's total, not added twice
        assert ApiKeyUsage.objects.get(key=api_key).requests == 4

    def test_the_chief_editor_issues_a_key_shown_once(self, chief_client, reporter):
        response = chief_client.post(
            "/admin/api/apikey/add/",
            {"name": "Layar informasi Pemkab", "contact": "", "requests_per_minute": 120},
            follow=True,
        )
        page = response.content.decode()
        assert "tidak akan ditampilkan lagi" in page
        api_key = ApiKey.objects.get()
        secret = page.split(f"{api_key.prefix}", 1)[1].split(" ", 1)[0]
        assert keys.lookup(api_key.prefix + secret).pk == api_key.pk
        assert api_key.digest not in page and len(api_key.digest) == 64
        other = Client()
        other.force_login(reporter)
        assert other.get("/admin/api/apikey/").status_code == 403


class TestDescriptions:
    def test_the_openapi_description_describes_every_field(self, client, story):
        document = get(client, "/api/v1/openapi.json").json()
        assert document["openapi"].startswith("3.")
        paths = document["paths"]
        for path in ("articles/", "articles/{pk}/", "changes/", "ninjs/{pk}/", "regions/"):
            assert f"/api/v1/{path}" in paths
        schemas = document["components"]["schemas"]
        undescribed = [
            f"{name}.{field}"
            for name, schema in schemas.items()
            for field, spec in schema.get("properties", {}).items()
            if not spec.get("description")
        ]
        assert undescribed == []
        for schema in schemas.values():
            jsonschema.Draft202012Validator.check_schema(schema)

    def test_answers_match_the_description(self, client, story, settings):
        settings.NEWSROOM_API_CHANGES_SETTLE_SECONDS = 0
        document = get(client, "/api/v1/openapi.json").json()
        registry_schema = {"components": document["components"]}

        def check(path, name):
            schema = {**registry_schema, "$ref": f"#/components/schemas/{name}"}
            jsonschema.validate(get(client, path).json(), schema)

        check(f"/api/v1/articles/{story.pk}/", "Article")
        check("/api/v1/articles/", "ArticlePage")
        check("/api/v1/changes/", "ChangePage")
        check("/api/v1/regions/?province=36", "RegionList")
        check("/api/v1/rubriks/", "RubrikList")
        check("/api/v1/sources/", "SourceList")
        check("/api/v1/authors/", "AuthorList")

    def test_the_documentation_page_is_served_from_the_site(self, client):
        response = get(client, "/api/v1/docs")
        assert response.status_code == 200
        page = response.content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in page
        assert "cdn" not in page.lower()
        assert "script-src 'self'" in response["Content-Security-Policy"]


class TestNinjs:
    def test_a_story_exports_as_valid_ninjs(self, client, story):
        response = get(client, f"/api/v1/ninjs/{story.pk}/")
        document = response.json()
        jsonschema.validate(
            document, NINJS_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        assert document["headlines"][0]["value"] == story.headline
        assert document["by"] == "Sutrisno Hadi"
        assert document["located"] == "SERANG"
        assert document["places"][0]["literal"] == "36.04"
        assert "associations" not in document  # see api/ninjs.py: 2.1 refuses them
        assert {d["role"] for d in document["descriptions"]} >= {"summary", "ralat", "hak_jawab"}

    def test_a_story_without_photo_or_author_is_valid_ninjs_too(self, client):
        article = factories.make_article(author=None, summary="")
        document = get(client, f"/api/v1/ninjs/{article.pk}/").json()
        jsonschema.validate(document, NINJS_SCHEMA)
        assert document["bodies"][0]["contenttype"] == "text/html"

    def test_the_schema_shipped_is_iptcs_ninjs_2_1_with_its_licence(self):
        assert NINJS_SCHEMA["$id"] == "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#"
        jsonschema.Draft202012Validator.check_schema(NINJS_SCHEMA)
        licence = Path(__file__).resolve().parents[2] / "api/ninjs/LICENSE.md"
        assert "Creative Commons Attribution 4.0" in licence.read_text()
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"type": "text"}, NINJS_SCHEMA)  # no uri: refused
