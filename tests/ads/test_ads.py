"""Ads: places, schedule, targeting, rotation under the page cache, first-party counting,
the campaign report, the ads desk's screens and the Content Security Policy."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADS_DESK, REPORTER
from ads import counting, slots
from ads.models import Ad, AdCount, Placement
from articles.models import Article
from infra import pagecache
from tests.factories import (
    make_ad,
    make_article,
    make_category,
    make_user,
    region,
    uploaded,
    with_role,
)
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

HOME = "/"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/130"}


def candidates(html: str, place: str) -> list[int]:
    """The ad IDs a page offers in one place (the browser picks one of them)."""
    start = html.find(f'class="ad ad--{place}"')
    if start < 0:
        return []
    end = html.find('class="ad ad--', start + 1)
    end = len(html) if end < 0 else end
    return [int(pk) for pk in re.findall(r'<template data-ad="(\d+)"', html[start:end])]


def test_an_ad_is_labelled_reserves_its_size_and_links_as_sponsored(client):
    make_article()
    ad = make_ad("masthead")
    html = client.get(HOME).text
    assert candidates(html, "masthead") == [ad.pk]
    slot = html[html.index('class="ad ad--masthead"') :]
    assert '<span class="ad__label">Iklan</span>' in slot
    assert re.search(r'width="728"\s+height="90"', slot)
    assert f'href="{reverse("ads:click", args=[ad.pk])}"' in slot
    assert 'rel="sponsored noopener"' in slot
    assert 'loading="eager"' in slot  # above the fold
    assert "/static/js/ads.js" in html
    css = (pagecache.settings.BASE_DIR / "static/css/site.css").read_text()
    assert ".ad--masthead .ad__box { max-width: 728px; aspect-ratio: 728 / 90; }" in css


def test_ads_below_the_fold_load_lazily(client):
    article = make_article(body="<p>Satu.</p><p>Dua.</p><p>Tiga.</p><p>Empat.</p>")
    make_ad("in_article")
    make_ad("side")
    html = client.get(article.get_absolute_url()).text
    for place in ("in_article", "side"):
        slot = html[html.index(f'class="ad ad--{place}"') :]
        assert slot.index("data-lazy") < slot.index("</div>")
        assert 'loading="lazy"' in slot


def test_a_page_without_ads_carries_no_slot_and_no_ad_script(client):
    make_article()
    html = client.get(HOME).text
    assert "ad--" not in html and "ads.js" not in html


def test_only_running_ads_are_shown(client):
    make_article()
    now = timezone.now()
    running = make_ad("masthead")
    make_ad("masthead", starts_at=now + timedelta(hours=1))
    make_ad("masthead", starts_at=now - timedelta(days=2), ends_at=now - timedelta(hours=1))
    make_ad("masthead", is_active=False)
    assert candidates(client.get(HOME).text, "masthead") == [running.pk]
    Placement.objects.filter(key="masthead").update(is_active=False)
    pagecache.invalidate()
    assert candidates(client.get(HOME).text, "masthead") == []


def test_the_page_cache_keeps_no_page_past_an_ads_start_or_end():
    now = timezone.now()
    starts = now + timedelta(minutes=3)
    make_ad("masthead", starts_at=starts)
    ends = now + timedelta(minutes=2)
    make_ad("side", ends_at=ends)
    moment = pagecache.next_change(pagecache.current_generation())
    assert moment == pytest.approx(ends.timestamp(), abs=1)


def test_an_ads_end_time_travels_with_the_page_so_a_cached_copy_drops_it(client):
    make_article()
    ends = timezone.now() + timedelta(minutes=10)
    ad = make_ad("masthead", ends_at=ends)
    html = client.get(HOME).text
    template = re.search(rf'<template data-ad="{ad.pk}"[^>]*>', html).group(0)
    assert f'data-ends="{int(ends.timestamp())}"' in template


def test_ads_are_targeted_by_rubrik(client):
    politics, sport = make_category(name="Pemerintahan"), make_category(name="Olahraga")
    ad = make_ad("masthead", categories=[politics])
    in_politics, in_sport = make_article(category=politics), make_article(category=sport)
    assert candidates(client.get(in_politics.get_absolute_url()).text, "masthead") == [ad.pk]
    assert candidates(client.get(in_sport.get_absolute_url()).text, "masthead") == []
    assert candidates(client.get(politics.get_absolute_url()).text, "masthead") == [ad.pk]
    assert candidates(client.get(HOME).text, "masthead") == []  # no rubrik there


def test_a_province_targets_its_regencies_and_cities(client):
    ad = make_ad("masthead", regions=[region("36")])
    regency = make_article(region=region("36.04"))
    elsewhere = make_article(region=region("32.73"))
    assert candidates(client.get(regency.get_absolute_url()).text, "masthead") == [ad.pk]
    assert candidates(client.get(elsewhere.get_absolute_url()).text, "masthead") == []
    assert candidates(client.get(region("36.04").get_absolute_url()).text, "masthead") == [ad.pk]
    city_ad = make_ad("masthead", regions=[region("36.73")])
    html = client.get(regency.get_absolute_url()).text
    assert candidates(html, "masthead") == [ad.pk]
    assert city_ad.pk not in candidates(html, "masthead")


def test_ads_are_targeted_by_page_type(client):
    article = make_article()
    on_articles = make_ad("masthead", page_types=["article"])
    everywhere = make_ad("masthead")
    assert candidates(client.get(HOME).text, "masthead") == [everywhere.pk]
    assert set(candidates(client.get(article.get_absolute_url()).text, "masthead")) == {
        on_articles.pk,
        everywhere.pk,
    }


def test_the_in_article_ad_follows_paragraph_n_counting_top_level_paragraphs(client):
    Placement.objects.filter(key="in_article").update(after_paragraph=2)
    article = make_article(
        body="<p>Satu.</p><blockquote><p>Kutipan.</p></blockquote><p>Dua.</p><p>Tiga.</p>"
    )
    make_ad("in_article")
    html = client.get(article.get_absolute_url()).text
    body = html[html.index('class="story__body"') :]
    assert body.index("Dua.") < body.index("ad--in_article") < body.index("Tiga.")
    short = make_article(body="<p>Hanya satu paragraf.</p>")
    html = client.get(short.get_absolute_url()).text
    body = html[html.index('class="story__body"') :]
    assert body.index("Hanya satu paragraf.") < body.index("ad--in_article")


def test_previews_carry_no_ads(editor_client):
    make_ad("masthead")
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    html = editor_client.get(draft.get_absolute_url()).text
    assert "Pratinjau" in html and "ad--" not in html


def test_rotation_keeps_the_page_cached_with_every_candidate_and_its_weight(
    settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    make_article()
    heavy, light = make_ad("masthead", weight=3), make_ad("masthead", weight=1)
    reader = Client()
    first = reader.get(HOME)
    with django_assert_num_queries(0):
        second = reader.get(HOME)
    assert second["X-Page-Cache"] == "hit"
    html = second.content.decode()
    assert candidates(html, "masthead") == [heavy.pk, light.pk]
    assert re.search(rf'data-ad="{heavy.pk}"\s+data-weight="3"', html)
    assert re.search(rf'data-ad="{light.pk}"\s+data-weight="1"', html)
    assert first.content == second.content


def test_a_place_offers_at_most_the_heaviest_candidates(client):
    make_article()
    ads = [make_ad("masthead", weight=n + 1) for n in range(slots.CANDIDATES + 3)]
    offered = candidates(client.get(HOME).text, "masthead")
    assert offered == [ad.pk for ad in reversed(ads)][: slots.CANDIDATES]


def test_the_page_reads_the_ads_once_per_generation_whatever_their_number(
    client, django_assert_num_queries
):
    article = make_article()
    for _ in range(12):
        make_ad("masthead", categories=[article.category], regions=[region("36")])
    client.get(article.get_absolute_url())  # the catalog is read once for this generation
    with django_assert_num_queries(0):
        slots.for_page("article", category=article.category, region=article.region)
    assert (
        len(
            slots.for_page("article", category=article.category, region=article.region).slots[
                "masthead"
            ]
        )
        == 8
    )


def test_impressions_are_counted_without_a_query_or_a_cookie(client, django_assert_num_queries):
    ad, other = make_ad("masthead"), make_ad("side")
    slots.catalog()
    counting.counts.flush()  # without Redis a process writes its counts every 30 s
    with django_assert_num_queries(0):
        for _ in range(3):
            response = client.post(
                reverse("ads:seen"), f"{ad.pk}", content_type="text/plain", **BROWSER
            )
            assert response.status_code == 204
        client.post(
            reverse("ads:seen"), f"{other.pk},{ad.pk}", content_type="text/plain", **BROWSER
        )
    assert not response.cookies
    assert counting.counts.pending() == 5
    with django_assert_num_queries(2):  # which ads exist, then one upsert
        assert counting.counts.flush() == 5
    assert AdCount.objects.get(ad=ad).impressions == 4
    assert AdCount.objects.get(ad=other).impressions == 1


def test_crawlers_unknown_ads_and_malformed_beacons_are_not_counted(client):
    ad = make_ad("masthead")
    seen = reverse("ads:seen")
    client.post(seen, f"{ad.pk}", content_type="text/plain", HTTP_USER_AGENT="Googlebot/2.1")
    client.post(seen, "999999", content_type="text/plain", **BROWSER)
    assert counting.counts.pending() == 0
    for body in ("", "abc", "1,,2", "1;2", "١٢", ",".join(["1"] * 20), "9" * 300):
        response = client.post(seen, body, content_type="text/plain", **BROWSER)
        assert response.status_code == 400, body
        assert "tidak dikenali" in response.content.decode()
    assert client.get(seen).status_code == 405
    assert counting.counts.pending() == 0


def test_a_click_is_counted_then_sent_to_the_advertiser(client, django_assert_num_queries):
    ad = make_ad("masthead", link_url="https://toko.example/promo?utm_source=portal")
    slots.catalog()
    counting.counts.flush()
    with django_assert_num_queries(0):
        response = client.get(reverse("ads:click", args=[ad.pk]), **BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "https://toko.example/promo?utm_source=portal"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    counting.counts.flush()
    assert AdCount.objects.get(ad=ad).clicks == 1
    assert client.get(reverse("ads:click", args=[987654])).status_code == 404


def test_a_click_on_an_ad_that_ended_still_reaches_the_advertiser(client):
    ad = make_ad("masthead", ends_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("ads:click", args=[ad.pk]), **BROWSER)
    assert response.status_code == 302 and response["Location"] == ad.link_url


def test_the_campaign_report_is_a_csv_per_day_and_ad(client):
    ad = make_ad("masthead")
    second = make_ad("side", campaign=ad.campaign, name="Kotak samping")
    make_ad("masthead")  # another campaign: not in this report
    for _ in range(4):
        counting.record(ad.pk, counting.IMPRESSION)
    counting.record(ad.pk, counting.CLICK)
    counting.record(second.pk, counting.IMPRESSION)
    desk = with_role(make_user(is_staff=True), ADS_DESK)
    client.force_login(desk)
    response = client.get(reverse("admin:ads_campaign_report", args=[ad.campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    today = timezone.localdate().isoformat()
    assert rows[0] == counting.REPORT_HEADER
    assert rows[1:] == [
        [today, ad.name, "Di bawah kepala situs", "4", "1", "25.00"],
        [today, "Kotak samping", "Kolom samping / akhir berita", "1", "0", "0.00"],
    ]


def test_the_ads_desk_manages_ads_and_not_stories(client):
    desk = with_role(make_user(is_staff=True), ADS_DESK)
    client.force_login(desk)
    assert client.get(reverse("admin:ads_ad_changelist")).status_code == 200
    assert client.get(reverse("admin:ads_ad_add")).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    reporter = with_role(make_user(is_staff=True), REPORTER)
    other = Client()
    other.force_login(reporter)
    assert other.get(reverse("admin:ads_ad_changelist")).status_code == 403
    ad = make_ad("masthead")
    assert other.get(reverse("admin:ads_campaign_report", args=[ad.campaign.pk])).status_code == 403


def _ad_form(campaign, placement, **fields):
    data = {
        "campaign": campaign.pk,
        "name": "Promo Lebaran",
        "placement": placement.pk,
        "kind": "image",
        "is_active": "on",
        "alt_text": "Diskon Lebaran 20 persen",
        "link_url": "https://toko.example/lebaran",
        "network_slot": "",
        "starts_at_0": timezone.localtime().strftime("%Y-%m-%d"),
        "starts_at_1": "00:00:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "weight": "1",
    }
    data.update(fields)
    return data


def test_the_ads_desk_adds_an_ad_and_readers_see_it_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    make_article()
    campaign = make_ad("side").campaign
    reader = Client()
    reader.get(HOME)
    assert reader.get(HOME)["X-Page-Cache"] == "hit"
    desk = with_role(make_user(is_staff=True), ADS_DESK)
    client.force_login(desk)
    placement = Placement.objects.get(key="masthead")
    data = _ad_form(campaign, placement, image=uploaded("lebaran.png", size=(1456, 180), fmt="PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:ads_ad_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ad = Ad.objects.get(name="Promo Lebaran")
    assert (ad.image_width, ad.image_height) == (1456, 180)
    page = reader.get(HOME)
    assert page["X-Page-Cache"] != "hit"
    assert ad.pk in candidates(page.text, "masthead")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"image_size": (300, 250)}, "image", "tidak cocok untuk Di bawah kepala situs"),
        ({"image_size": (364, 45)}, "image", "terlalu kecil"),
        ({"ends_at_0": "2020-01-01", "ends_at_1": "00:00:00"}, "ends_at", "harus sesudah"),
        ({"link_url": ""}, "link_url", "perlu tautan tujuan"),
        ({"link_url": "ftp://toko.example/promo"}, "link_url", ""),
        ({"alt_text": ""}, "alt_text", "pembaca layar"),
        ({"kind": "network", "network_slot": "123"}, "kind", "NEWSROOM_AD_NETWORK"),
        ({"weight": "0"}, "weight", ""),
        ({"image_data": b"<svg onload=alert(1)>"}, "image", ""),
    ],
)
def test_a_bad_ad_is_refused_with_a_message_and_nothing_saved(client, fields, field, message):
    campaign = make_ad("side").campaign
    before = Ad.objects.count()
    desk = with_role(make_user(is_staff=True), ADS_DESK)
    client.force_login(desk)
    size = fields.pop("image_size", (728, 90))
    data = fields.pop("image_data", None)
    image = uploaded("iklan.png", size=size, fmt="PNG", data=data)
    form = _ad_form(campaign, Placement.objects.get(key="masthead"), image=image, **fields)
    response = client.post(reverse("admin:ads_ad_add"), form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Ad.objects.count() == before


def test_network_slots_show_only_when_a_network_is_configured(client, settings):
    make_article()
    make_ad("masthead", kind=Ad.Kind.NETWORK, network_slot="1234567890")
    assert "adsbygoogle" not in client.get(HOME).text
    settings.NEWSROOM_AD_NETWORK, settings.NEWSROOM_AD_NETWORK_ID = "adsense", "ca-pub-42"
    cache.clear()
    html = client.get(HOME).text
    assert re.search(r'data-ad-client="ca-pub-42"\s+data-ad-slot="1234567890"', html)
    assert 'data-ad-network="adsense"' in html
    assert "googlesyndication" not in html.split("<template")[0]  # no script in the page


def _csp(**env) -> dict:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.SECURE_CSP))",
        NEWSROOM_DEBUG="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_csp_opens_only_for_a_configured_network_and_only_its_origins():
    plain = _csp()
    assert "frame-src" not in plain
    assert not any("google" in origin for values in plain.values() for origin in values)
    adsense = _csp(NEWSROOM_AD_NETWORK="adsense", NEWSROOM_AD_NETWORK_ID="ca-pub-1")
    assert "https://pagead2.googlesyndication.com" in adsense["script-src"]
    assert "https://googleads.g.doubleclick.net" in adsense["frame-src"]
    assert "securepubads.g.doubleclick.net" not in json.dumps(adsense)
    manager = _csp(NEWSROOM_AD_NETWORK="admanager")
    assert "https://securepubads.g.doubleclick.net" in manager["script-src"]
    refused = run_manage("check", NEWSROOM_DEBUG="1", NEWSROOM_AD_NETWORK="adsnese")
    assert refused.returncode != 0 and "NEWSROOM_AD_NETWORK must be one of" in refused.stderr
