"""Background tasks: kept in the database, run by a worker process, retried with backoff,
failures visible in the admin, periodic tasks enqueued once per interval."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from images.models import Image
from infra.tasks import enqueue_due, retried
from tests.factories import make_image

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
runs = []


@task()
@retried(attempts=3, first_delay=30)
def flaky(label: str) -> str:
    runs.append(label)
    raise RuntimeError(f"{label} gagal")


@task()
def noted(label: str) -> str:
    runs.append(label)
    return label


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    runs.clear()


# The worker closes the database connection between tasks, as it must: these tests
# commit for real (transaction=True) rather than run inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_failed_task_is_kept_as_failed_and_enqueued_again_later_with_growing_delays(
    database_tasks,
):
    before = timezone.now()
    flaky.enqueue("foto")
    call_command("run_worker", batch=True, verbosity=0)  # runs what is due: the first run
    failed = DBTaskResult.objects.get(status="FAILED")
    assert "foto gagal" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": ["foto"], "kwargs": {"attempt": 2}}
    assert timedelta(seconds=29) < retry.run_after - before < timedelta(seconds=40)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("run_worker", batch=True, verbosity=0)
    third = DBTaskResult.objects.get(status="READY")
    assert timedelta(seconds=59) < third.run_after - timezone.now() < timedelta(seconds=70)
    DBTaskResult.objects.filter(pk=third.pk).update(run_after=timezone.now())
    call_command("run_worker", batch=True, verbosity=0)
    assert runs == ["foto"] * 3
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()  # three runs in all


@pytest.mark.django_db(transaction=True)
def test_failed_tasks_are_listed_for_administrators_with_their_traceback(
    database_tasks, admin_client
):
    flaky.enqueue("umpan")
    call_command("run_worker", batch=True, verbosity=0)
    failed = DBTaskResult.objects.get(status="FAILED")
    listing = admin_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert listing.status_code == 200 and "flaky" in listing.text
    detail = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.pk])
    )
    assert "umpan gagal" in detail.text


@pytest.mark.django_db
def test_periodic_tasks_are_enqueued_once_per_interval_however_many_workers_ask(
    database_tasks, settings
):
    settings.NEWSROOM_PERIODIC_TASKS = {"tests.infra.test_worker.noted": 60}
    moment = timezone.now().replace(second=5)
    assert enqueue_due(moment) == ["tests.infra.test_worker.noted"]
    assert enqueue_due(moment + timedelta(seconds=30)) == []  # another worker, same minute
    assert enqueue_due(moment + timedelta(seconds=60)) == ["tests.infra.test_worker.noted"]
    assert DBTaskResult.objects.filter(status="READY").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_upload_returns_before_the_crops_which_the_worker_makes(
    database_tasks,
):
    image = make_image()  # the upload path enqueues its crops as it commits
    assert not Image.objects.get(pk=image.pk).has_current_renditions  # only enqueued
    assert DBTaskResult.objects.get().status == "READY"
    call_command("run_worker", batch=True, verbosity=0)
    assert Image.objects.get(pk=image.pk).has_current_renditions
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process needs a shared database"
)
@pytest.mark.django_db(transaction=True)
def test_a_separate_worker_process_makes_the_crops(database_tasks):
    image = make_image()  # the upload path enqueues its crops as it commits
    assert DBTaskResult.objects.get().status == "READY"
    database = connection.settings_dict
    environment = {
        **os.environ,
        "NEWSROOM_TASKS": "database",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "NEWSROOM_MEDIA_ROOT": str(Path(image.file.storage.location)),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--batch"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert Image.objects.get(pk=image.pk).has_current_renditions
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_every_periodic_task_named_in_the_settings_is_a_task_with_a_sensible_interval(settings):
    from django.tasks import Task
    from django.utils.module_loading import import_string

    assert settings.NEWSROOM_PERIODIC_TASKS
    for path, seconds in settings.NEWSROOM_PERIODIC_TASKS.items():
        assert isinstance(import_string(path), Task), path
        assert 10 <= seconds <= 24 * 3600, path


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_counted_reads(database_tasks, base_data):
    from articles import readership
    from articles.models import ArticleViews
    from tests.factories import make_article

    article = make_article()
    for _ in range(3):
        readership.record_read(article.pk)
    readership.flush_reads.enqueue()
    call_command("run_worker", batch=True, verbosity=0)
    assert ArticleViews.objects.get(article=article).views == 3
    assert readership.counts.pending() == 0
