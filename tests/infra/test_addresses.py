from django.test import RequestFactory

from infra.addresses import client_address


def asked(forwarded=None, remote="10.0.0.2"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_proxy_the_connection_is_the_client_whatever_the_header_says(settings):
    settings.NEWSROOM_PROXY_COUNT = 0
    assert client_address(asked("203.0.113.9")) == "10.0.0.2"


def test_behind_nginx_the_address_it_appended_is_the_client_and_forged_ones_are_ignored(
    settings,
):
    settings.NEWSROOM_PROXY_COUNT = 1
    assert client_address(asked("198.51.100.7")) == "198.51.100.7"
    assert client_address(asked("203.0.113.9, 198.51.100.7")) == "198.51.100.7"
    settings.NEWSROOM_PROXY_COUNT = 2  # a load balancer, then nginx
    assert client_address(asked("203.0.113.9, 198.51.100.7, 10.0.0.5")) == "198.51.100.7"


def test_a_missing_or_broken_header_falls_back_to_the_connection(settings):
    settings.NEWSROOM_PROXY_COUNT = 1
    assert client_address(asked()) == "10.0.0.2"
    assert client_address(asked("bukan-alamat")) == "10.0.0.2"
    settings.NEWSROOM_PROXY_COUNT = 2
    assert client_address(asked("198.51.100.7")) == "10.0.0.2"  # fewer entries than proxies
