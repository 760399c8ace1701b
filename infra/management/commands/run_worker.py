import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from infra.health import signs_of_life
from infra.tasks import enqueue_due

CHECK_SECONDS = 15
# After the database went away under it, the worker tries again this often.
DATABASE_RETRY_SECONDS = 5
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Jalankan pekerja latar: potongan foto, umpan mitra, hitungan baca, indeks pencarian. "
        "Tugas berkala dijadwalkan sendiri (NEWSROOM_PERIODIC_TASKS). Jalankan satu atau "
        "lebih proses seperti ini di samping gunicorn (deploy/newsroom-worker.service)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Kerjakan tugas yang menunggu, lalu berhenti (tanpa tugas berkala).",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Detik antar-pemeriksaan.")

    def handle(self, *args, batch, interval, verbosity, **options):
        if not batch:
            threading.Thread(target=self.schedule, daemon=True, name="periodic").start()
        warned = False
        while True:
            try:
                call_command(
                    "db_worker",
                    batch=batch,
                    interval=interval,
                    reload=False,
                    verbosity=verbosity,
                )
                return
            except DatabaseError as error:
                # The database went away: the tasks wait in it. Keep trying, without
                # a traceback every few seconds, and run them once it is back.
                if batch:
                    raise
                if not warned:
                    warned = True
                    logger.warning("database unreachable (%s); the worker waits for it", error)
                close_old_connections()
                time.sleep(DATABASE_RETRY_SECONDS)

    def schedule(self):
        """Every CHECK_SECONDS: sign this worker's life, enqueue the periodic tasks due."""
        while True:
            try:
                signs_of_life()
                enqueue_due()
            except Exception:  # a cache or database that blinked: the next round tries again
                logger.exception("periodic tasks could not be enqueued")
            finally:
                close_old_connections()
            time.sleep(CHECK_SECONDS)
