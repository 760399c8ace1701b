from django.test import RequestFactory

from infra.health import ceiling


def test_the_benchmark_ceiling_answers_the_size_asked_and_refuses_a_size_that_is_no_number():
    factory = RequestFactory()
    assert len(ceiling(factory.get("/bench/ceiling/", {"bytes": "300"})).content) == 300
    refused = ceiling(factory.get("/bench/ceiling/", {"bytes": "banyak"}))
    assert refused.status_code == 400
    assert b"bytes" in refused.content


# --- liveness and readiness --------------------------------------------------------------

import pytest  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from infra.health import signs_of_life  # noqa: E402
from tests.faults import database_refuses as refused  # noqa: E402
from tests.faults import nothing_listens, site_cache_at  # noqa: E402


@pytest.fixture
def cache_away(settings):
    site_cache_at(settings, nothing_listens())
    settings.REDIS_URL = settings.CACHES["default"]["LOCATION"]


@pytest.fixture
def with_worker_queue(settings):
    settings.NEWSROOM_TASKS = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_liveness_stays_200_while_the_cache_and_the_database_are_away(cache_away):
    with connection.execute_wrapper(refused):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_reports_every_part_ok_when_all_answer(with_worker_queue):
    signs_of_life()
    response = Client().get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok", body
    assert set(body["parts"]) == {"database", "cache", "worker", "storage"}
    assert body["parts"]["worker"]["detail"].startswith("1 running, 0 tasks waiting")


@pytest.mark.django_db
def test_a_cache_that_is_away_makes_the_site_degraded_not_unready(cache_away):
    response = Client().get("/healthz/ready")
    assert response.status_code == 200  # a load balancer keeps every server
    body = response.json()
    assert body["status"] == "degraded"
    assert body["parts"]["cache"]["status"] == "down"
    assert body["parts"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_a_database_that_is_away_is_reported_and_with_the_cache_also_away_is_unready(
    settings,
):
    with connection.execute_wrapper(refused):
        response = Client().get("/healthz/ready")
    assert response.status_code == 200  # pages still come from the cache
    assert response.json()["parts"]["database"]["status"] == "down"
    site_cache_at(settings, nothing_listens())
    settings.REDIS_URL = "redis://away"
    with connection.execute_wrapper(refused):
        response = Client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "down"


@pytest.mark.django_db
def test_a_stopped_worker_is_reported_down_and_back_when_it_signs_again(with_worker_queue):
    body = Client().get("/healthz/ready").json()
    assert body["parts"]["worker"]["status"] == "down"
    assert "no worker seen" in body["parts"]["worker"]["detail"]
    signs_of_life()
    assert Client().get("/healthz/ready").json()["parts"]["worker"]["status"] == "ok"


@pytest.mark.django_db
def test_storage_that_does_not_answer_is_reported_down(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.storages.Unreachable"}}
    body = Client().get("/healthz/ready").json()
    assert body["parts"]["storage"]["status"] == "down"
    assert "uploads are refused" in body["parts"]["storage"]["detail"]
