"""Web push in Chromium: a reader opens a second page, gets the quiet offer, chooses
topics; the site's service worker registers and the subscription reaches the server;
an alert an editor sends then arrives, encrypted, at the (local) push service.

Chromium headless has no push service of its own to subscribe with, so the browser's
``pushManager.subscribe`` answers with a subscription to the push service the test
runs (its keys made by the test, which decrypts what arrives with them)."""

import json

import pytest
from django.test.utils import override_settings
from playwright.sync_api import expect

from push import services
from push.models import PushSubscription
from tests.factories import make_article, make_user, with_role
from tests.push.test_push import Browser, PushService

pytestmark = pytest.mark.django_db(transaction=True)

FAKE_PUSH = """
(subscription) => {
  const fake = {
    endpoint: subscription.endpoint,
    toJSON: () => subscription,
    unsubscribe: () => Promise.resolve(true),
  };
  let current = null;
  PushManager.prototype.subscribe = function () { current = fake; return Promise.resolve(fake); };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
}
"""


def test_a_reader_subscribes_from_the_quiet_offer_and_receives_an_alert(site, browser, settings):
    service = PushService()
    settings.NEWSROOM_PUSH_SERVICES = ["http://127.0.0.1"]
    try:
        article = make_article(headline="Gempa guncang Lebak, warga diminta tenang")
        reader = Browser(service, "/reader")
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        context.grant_permissions(["notifications"], origin=site)
        context.add_init_script(f"({FAKE_PUSH})({json.dumps(reader.json())})")
        page = context.new_page()
        page.goto(f"{site}/")
        expect(page.locator(".push-offer")).to_be_hidden()  # never on the first page
        page.goto(f"{site}{article.get_absolute_url()}")
        offer = page.locator(".push-offer")
        expect(offer).to_be_visible()
        offer.get_by_role("button", name="Atur notifikasi").click()
        dialog = page.locator(".push-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.get_by_label("Berita terkini")).to_be_checked()
        dialog.get_by_label("Kabupaten Lebak").check()
        dialog.get_by_role("button", name="Simpan").click()
        expect(dialog.locator(".push-status")).to_contain_text("Tersimpan")
        registered = page.evaluate(
            "navigator.serviceWorker.getRegistration('/').then(r => !!r && r.active !== undefined)"
        )
        assert registered
        subscription = PushSubscription.objects.get()
        assert sorted(subscription.topics.values_list("key", flat=True)) == [
            "breaking",
            "region:36.02",
        ]
        editor = with_role(make_user(is_staff=True), "Redaktur")
        with override_settings(NEWSROOM_PUSH_SERVICES=["http://127.0.0.1"]):
            send = services.request_push(article=article, topic="breaking", user=editor)
            services.send_alert.call(send.pk)
        ((path, headers, body),) = service.received
        assert path == "/reader" and headers["urgency"] == "high"
        assert reader.read(body)["body"] == article.headline
        dialog.get_by_role("button", name="Berhenti berlangganan").click()
        expect(dialog.locator(".push-status")).to_contain_text("tidak akan menerima")
        assert not PushSubscription.objects.exists()
        context.close()
    finally:
        service.stop()
