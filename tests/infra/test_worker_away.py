"""The worker stopped: saving and publishing still work, the work waits in the queue, and
editors see on every admin page what is waiting; once a worker runs again, the work is
done and the notice goes."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infra.health import signs_of_life
from tests.factories import make_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_queue(settings, base_data):
    settings.NEWSROOM_TASKS = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_editors_see_what_waits_while_the_worker_is_stopped_and_not_once_it_ran(
    worker_queue, editor_client
):
    image = make_image()  # its crops are queued for the worker
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=7))
    page = editor_client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Pekerja latar sedang tidak berjalan: 1 tugas menunggu" in page.text
    assert "7 menit" in page.text
    signs_of_life()
    call_command("run_worker", batch=True, verbosity=0)
    caches["local"].clear()
    caches["default"].clear()
    assert (
        "Pekerja latar sedang tidak berjalan" not in editor_client.get(reverse("admin:index")).text
    )
    image.refresh_from_db()
    assert image.has_current_renditions


def test_the_worker_waits_for_a_database_that_went_away_and_goes_on(monkeypatch, caplog):
    from django.db.utils import OperationalError

    from infra.management.commands import run_worker

    calls = []

    def db_worker(name, **options):
        calls.append(name)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(run_worker, "call_command", db_worker)
    monkeypatch.setattr(run_worker, "DATABASE_RETRY_SECONDS", 0)
    monkeypatch.setattr(
        run_worker.threading,
        "Thread",
        lambda **kwargs: type("T", (), {"start": lambda self: None})(),
    )
    call_command("run_worker", verbosity=0)
    assert calls == ["db_worker"] * 3
    assert sum("waits for it" in r.getMessage() for r in caplog.records) == 1
