"""Web push end to end against a push service started by the test: the payloads it
receives are decrypted with the subscription's own keys. Topics, once per story, TTL
and urgency, quiet hours, removal of subscriptions gone (410), clicks."""

import datetime
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from push import services
from push.models import PushSend, PushSettings, PushSubscription
from push.webpush import b64encode
from tests.factories import make_article, region

pytestmark = pytest.mark.django_db


class PushService:
    """A local push service: records every request; answers 410 for /gone/..."""

    def __init__(self):
        self.received = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append((self.path, headers, body))
                self.send_response(410 if self.path.startswith("/gone/") else 201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


class Browser:
    """A browser's subscription: its own key pair and auth secret, as Chromium makes."""

    def __init__(self, service, path):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.url}{path}"

    def json(self):
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64encode(public), "auth": b64encode(self.auth)},
        }

    def read(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def service(settings):
    running = PushService()
    settings.NEWSROOM_PUSH_SERVICES = ["http://127.0.0.1"]
    PushSettings.objects.update_or_create(
        pk=1, defaults={"quiet_starts": datetime.time(0, 0), "quiet_ends": datetime.time(0, 0)}
    )
    yield running
    running.stop()


def subscribe(browser, topics, **headers):
    headers.setdefault("HTTP_ORIGIN", "http://testserver")
    return Client().post(
        reverse("push:subscribe"),
        json.dumps({"subscription": browser.json(), "topics": topics}),
        content_type="application/json",
        **headers,
    )


def test_breaking_news_reaches_its_subscribers_encrypted_urgent_and_short_lived(
    service, editor, django_capture_on_commit_callbacks
):
    breaking = Browser(service, "/a")
    regional = Browser(service, "/b")
    assert subscribe(breaking, ["breaking"]).status_code == 201
    assert subscribe(regional, ["region:36.04"]).status_code == 201
    article = make_article(headline="Gempa M5,2 guncang Lebak", region=region("36.02"))
    with django_capture_on_commit_callbacks(execute=True):
        send = services.request_push(article=article, topic="breaking", user=editor)
    assert send.audience == 1
    assert [path for path, _headers, _body in service.received] == ["/a"]
    _path, headers, body = service.received[0]
    assert headers["ttl"] == "3600" and headers["urgency"] == "high"
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    message = breaking.read(body)
    assert message["body"] == "Gempa M5,2 guncang Lebak"
    assert message["url"] == reverse("push:click", args=[send.pk])
    send.refresh_from_db()
    assert (send.delivered, send.gone, send.finished_at is not None) == (1, 0, True)


def test_a_regional_alert_reaches_the_regency_and_the_province_not_others(
    service, editor, django_capture_on_commit_callbacks
):
    regency, province = Browser(service, "/regency"), Browser(service, "/province")
    other, rubrik = Browser(service, "/other"), Browser(service, "/rubrik")
    subscribe(regency, ["region:36.04"])
    subscribe(province, ["region:36"])
    subscribe(other, ["region:36.73", "breaking"])
    article = make_article(region=region("36.04"))
    subscribe(rubrik, [f"rubrik:{article.category.slug}"])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_push(article=article, topic="region", user=editor)
    assert sorted(path for path, _h, _b in service.received) == ["/province", "/regency"]
    assert all(h["urgency"] == "normal" and h["ttl"] == "43200" for _p, h, _b in service.received)


def test_a_story_is_pushed_at_most_once_and_never_a_draft(service, editor):
    article = make_article()
    services.request_push(article=article, topic="breaking", user=editor)
    with pytest.raises(services.Refused, match="sudah pernah dikirim"):
        services.request_push(article=article, topic="region", user=editor)
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(services.Refused, match="sudah terbit"):
        services.request_push(article=draft, topic="breaking", user=editor)
    assert PushSend.objects.count() == 1


def test_other_alerts_wait_for_the_end_of_quiet_hours(
    service, editor, django_capture_on_commit_callbacks
):
    now = timezone.localtime()
    PushSettings.objects.filter(pk=1).update(
        quiet_starts=(now - datetime.timedelta(hours=1)).time(),
        quiet_ends=(now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
    )
    reader = Browser(service, "/quiet")
    subscribe(reader, ["breaking", "region:36.04"])
    later = make_article(region=region("36.04"))
    with django_capture_on_commit_callbacks(execute=True):
        send = services.request_push(article=later, topic="region", user=editor)
    assert send.send_after > timezone.now() and service.received == []
    services.send_due_alerts.call()
    assert service.received == []  # still quiet
    PushSend.objects.filter(pk=send.pk).update(send_after=timezone.now())
    services.send_due_alerts.call()
    assert len(service.received) == 1
    with django_capture_on_commit_callbacks(execute=True):  # breaking news: at once
        services.request_push(article=make_article(), topic="breaking", user=editor)
    assert len(service.received) == 2


def test_quiet_hours_across_midnight():
    PushSettings.objects.update_or_create(
        pk=1, defaults={"quiet_starts": datetime.time(22, 0), "quiet_ends": datetime.time(5, 0)}
    )
    night = timezone.localtime().replace(hour=23, minute=30)
    morning = services.next_send_time("region", now=night)
    assert (morning.hour, morning.minute, morning.date()) == (
        5,
        0,
        (night + datetime.timedelta(days=1)).date(),
    )
    noon = night.replace(hour=12)
    assert services.next_send_time("region", now=noon) == noon
    assert services.next_send_time("breaking", now=night) == night


def test_subscriptions_the_push_service_reports_gone_are_removed(
    service, editor, django_capture_on_commit_callbacks
):
    gone, kept = Browser(service, "/gone/1"), Browser(service, "/kept")
    subscribe(gone, ["breaking"])
    subscribe(kept, ["breaking"])
    with django_capture_on_commit_callbacks(execute=True):
        send = services.request_push(article=make_article(), topic="breaking", user=editor)
    send.refresh_from_db()
    assert (send.delivered, send.gone) == (1, 1)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [kept.endpoint]


def test_a_click_is_counted_and_opens_the_story_never_a_hidden_one(service, editor):
    article = make_article()
    send = services.request_push(article=article, topic="breaking", user=editor)
    response = Client().get(reverse("push:click", args=[send.pk]))
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    send.refresh_from_db()
    assert send.clicks == 1
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert Client().get(reverse("push:click", args=[send.pk])).status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"HTTP_ORIGIN": "https://evil.example"}, "situs lain"),
        ({"topics": ["region:99.99"]}, "topik"),
        ({"topics": []}, "topik"),
        ({"endpoint": "https://attacker.example/hook"}, "tidak dikenal"),
        ({"body": "{not json"}, "tidak dikenali"),
        ({"body": json.dumps({"subscription": "x", "topics": ["breaking"]})}, "tidak dikenali"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_message(service, change, message):
    browser = Browser(service, "/x")
    data = browser.json()
    if "endpoint" in change:
        data["endpoint"] = change["endpoint"]
    body = change.get("body") or json.dumps(
        {"subscription": data, "topics": change.get("topics", ["breaking"])}
    )
    response = Client().post(
        reverse("push:subscribe"),
        body,
        content_type="application/json",
        HTTP_ORIGIN=change.get("HTTP_ORIGIN", "http://testserver"),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PushSubscription.objects.exists()


def test_a_reader_changes_topics_and_leaves(service):
    browser = Browser(service, "/me")
    subscribe(browser, ["breaking"])
    subscribe(browser, ["region:36.04"])
    subscription = PushSubscription.objects.get()
    assert list(subscription.topics.values_list("key", flat=True)) == ["region:36.04"]
    response = Client().post(
        reverse("push:unsubscribe"),
        json.dumps({"endpoint": browser.endpoint}),
        content_type="application/json",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 204 and not PushSubscription.objects.exists()


def test_an_editor_sends_from_the_article_with_a_confirmation_of_its_reach(
    service, editor_client, django_capture_on_commit_callbacks
):
    for path in ("/one", "/two"):
        subscribe(Browser(service, path), ["breaking"])
    article = make_article(headline="Jembatan putus di Cibaliung")
    url = reverse("admin:push_pushsend_add")
    page = editor_client.get(f"{url}?article={article.pk}")
    assert page.status_code == 200
    confirm = editor_client.post(url, {"article": article.pk, "topic": "breaking"})
    assert "ke 2 pelanggan" in confirm.content.decode()
    assert not PushSend.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = editor_client.post(
            url, {"article": article.pk, "topic": "breaking", "confirm": "1"}, follow=True
        )
    assert "sedang dikirim ke 2 pelanggan" in done.content.decode()
    assert len(service.received) == 2
    again = editor_client.post(url, {"article": article.pk, "topic": "breaking"})
    assert "sudah pernah dikirim" in again.content.decode()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    refused = editor_client.post(url, {"article": draft.pk, "topic": "breaking"})
    assert "sudah terbit" in refused.content.decode()


def test_reporters_cannot_send_alerts(reporter_client):
    assert reporter_client.get(reverse("admin:push_pushsend_add")).status_code == 403


def test_the_service_worker_and_the_key_come_from_the_site(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker["Service-Worker-Allowed"] == "/"
    assert b"showNotification" in worker.content
    data = json.loads(client.get(reverse("push:key")).content)
    assert len(data["key"]) == 87  # a P-256 point, base64url
    assert {"key": "breaking", "label": "Berita terkini", "group": "breaking"} in data["topics"]
    assert any(topic["key"] == "region:36.04" for topic in data["topics"])


def test_the_article_screen_links_to_sending_only_for_a_published_story(editor_client):
    article = make_article()
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert f"{reverse('admin:push_pushsend_add')}?article={article.pk}" in page.content.decode()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert f"{reverse('admin:push_pushsend_add')}?article=" not in page.content.decode()


def test_the_breaking_news_ribbon_sends_its_story_in_one_step(editor_client):
    from articles.models import BreakingNews

    article = make_article()
    BreakingNews.objects.create(
        text="Gempa", article=article, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    listing = editor_client.get(reverse("admin:articles_breakingnews_changelist")).content.decode()
    link = f"{reverse('admin:push_pushsend_add')}?article={article.pk}&amp;topic=breaking"
    assert link in listing
    form = editor_client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="breaking" selected' in form


def test_an_alert_goes_out_side_by_side_signed_once_per_push_service(
    service, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from push import webpush

    settings.NEWSROOM_PUSH_CONCURRENCY = 4
    browsers = [Browser(service, f"/reader/{n}") for n in range(9)]
    for browser in browsers:
        assert subscribe(browser, ["breaking"]).status_code == 201
    gone = Browser(service, "/gone/1")
    subscribe(gone, ["breaking"])
    signed = []
    original = webpush.vapid_headers
    monkeypatch.setattr(
        webpush, "vapid_headers", lambda *args: signed.append(args[1]) or original(*args)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send = services.request_push(article=make_article(), topic="breaking", user=editor)
    send.refresh_from_db()
    assert (send.delivered, send.gone, send.failed) == (9, 1, 0)
    assert len(signed) == 1  # one push service, one signature for the whole alert
    received = {path: body for path, _headers, body in service.received}
    for browser in browsers:  # each reader's own encryption, whatever the order of sending
        path = browser.endpoint.removeprefix(service.url)
        assert browser.read(received[path])["url"] == reverse("push:click", args=[send.pk])
    assert not PushSubscription.objects.filter(endpoint=gone.endpoint).exists()
