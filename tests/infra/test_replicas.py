"""The replica rule: a replica serves readers only while it answers, lags within the
bound, and has been seen holding the last public change; otherwise reads go to the
primary. A request that fails on a replica is made again on the primary."""

import time

import pytest
from django.db import connections
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from infra import pagecache, routers
from infra.routers import PrimaryForWritesMiddleware, ReplicaRouter, ReplicaState


@pytest.fixture
def one_replica(monkeypatch, settings):
    settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS = 10
    settings.NEWSROOM_REPLICA_RETRY_SECONDS = 30
    monkeypatch.setattr(routers, "replicas", lambda: ["replica0"])
    # The replica is the test database under another name (as TEST MIRROR makes it).
    monkeypatch.setitem(connections.settings, "replica0", connections.settings["default"])
    routers._states.clear()
    yield
    routers._states.clear()
    del connections["replica0"]


def seen(lag: float, *, ago: float = 0.0) -> ReplicaState:
    return ReplicaState("replica0", checked_at=time.monotonic(), seen_at=time.time() - ago, lag=lag)


def test_a_replica_seen_after_the_last_change_and_within_the_lag_bound_serves():
    changed = time.time() - 60
    assert seen(0.5).holds(changed)


def test_a_replica_lagging_more_than_the_bound_is_skipped(settings):
    settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS = 10
    assert not seen(11).holds(time.time() - 3600)
    assert seen(11).status() == "degraded"


def test_after_a_publish_no_page_is_made_from_a_replica_not_yet_seen_holding_it():
    replica = seen(2.0)  # checked just now, two seconds behind
    assert not replica.holds(time.time() - 1)  # the publish a second ago: not there yet
    assert replica.holds(time.time() - 3)  # one three seconds ago: there


def test_a_replica_that_did_not_answer_is_skipped_for_the_retry_time(one_replica):
    routers.failed("replica0", OperationalError("connection refused"))
    state = routers._states["replica0"]
    assert state.status() == "down"
    assert not state.holds(0)
    assert state.skipped_until - state.checked_at == 30
    assert routers.replica_for(0) is None


@pytest.mark.django_db
def test_a_request_that_fails_on_the_replica_is_made_again_on_the_primary(one_replica, monkeypatch):
    pagecache.current_generation()
    fit = seen(0.0)
    fit.seen_at = time.time() + 1
    routers._states["replica0"] = fit
    monkeypatch.setattr(routers, "state", lambda alias, fresh=False: routers._states[alias])
    used = []

    def view(request):
        alias = ReplicaRouter().db_for_read(Article)
        used.append(alias)
        if alias == "replica0":
            middleware.process_exception(request, OperationalError("server closed the connection"))
            return HttpResponse(status=503)
        return HttpResponse("dari primer")

    middleware = PrimaryForWritesMiddleware(view)
    response = middleware(RequestFactory().get("/berita/1/x/"))
    assert used == ["replica0", "default"]
    assert response.status_code == 200 and response.content == b"dari primer"
    assert routers._states["replica0"].status() == "down"
