"""What runs uncached is limited per client address: 429 with Retry-After and a message,
other clients unaffected, staff exempt where they work, forged addresses no way out."""

import time

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limits(settings):
    settings.NEWSROOM_RATE_LIMITS = {"search": 3, "read": 3, "preview": 3, "login": 3}


def test_search_beyond_the_limit_answers_429_with_retry_after_and_says_why(client, low_limits):
    url = reverse("reader:search")
    assert [client.get(url, {"q": "banjir"}).status_code for _ in range(3)] == [200] * 3
    refused = client.get(url, {"q": "banjir"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Terlalu banyak permintaan" in refused.content.decode()
    other = client.get(url, {"q": "banjir"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200  # another reader is not held back


@pytest.mark.parametrize("scope", ["read", "preview", "login"])
def test_the_read_beacon_preview_links_and_login_attempts_are_limited(client, low_limits, scope):
    article = make_article()
    if scope == "read":
        send = lambda: client.post(  # noqa: E731
            reverse("reader:read", args=[article.pk]), HTTP_USER_AGENT="Mozilla/5.0"
        )
    elif scope == "preview":
        send = lambda: client.get(reverse("reader:preview", args=["token-palsu"]))  # noqa: E731
    else:
        send = lambda: client.post(  # noqa: E731
            reverse("admin:login"), {"username": "x", "password": "y"}
        )
    answers = [send().status_code for _ in range(4)]
    assert 429 not in answers[:3] and answers[3] == 429, answers


def test_showing_the_login_form_is_not_limited(client, low_limits):
    assert {client.get(reverse("admin:login")).status_code for _ in range(6)} == {200}


def test_signed_in_staff_are_not_limited_on_search(editor_client, low_limits):
    url = reverse("reader:search")
    assert {editor_client.get(url, {"q": "banjir"}).status_code for _ in range(6)} == {200}


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, low_limits, settings):
    settings.NEWSROOM_PROXY_COUNT = 1
    url = reverse("reader:search")
    answers = [
        client.get(
            url, {"q": "banjir"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7"
        ).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_a_batched_count_reaches_the_shared_cache_every_batch_and_is_exact_near_the_limit():
    from django.core.cache import cache

    from infra import ratelimit

    def shared():
        window = int(time.time() // ratelimit.WINDOW_SECONDS)
        return cache.get(f"rate:api:198.51.100.9:{window}")

    results = [ratelimit.allowed("api", "198.51.100.9", 35, batch=10)[0] for _ in range(9)]
    assert all(results)
    assert not shared()  # nine requests wait in this process
    ratelimit.allowed("api", "198.51.100.9", 35, batch=10)
    assert shared() == 10  # the tenth sends them all
    results = [ratelimit.allowed("api", "198.51.100.9", 35, batch=10)[0] for _ in range(30)]
    # Near the limit every request is sent: the 36th is refused, not the 45th.
    assert results.count(True) == 25 and results[25] is False
    assert shared() == 40
