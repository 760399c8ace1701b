"""PostgreSQL as Django runs it, with the connection health check spaced out.

With persistent connections and ``CONN_HEALTH_CHECKS``, Django sends ``SELECT 1`` at the
start of every request that uses the database: one more round trip on every page. A
connection that ran this worker's previous request without an error a moment ago is
as healthy as a probe could show, so it is probed again only once it has been idle for
``NEWSROOM_DB_HEALTH_CHECK_DELAY`` seconds (as PgBouncer's ``server_check_delay``). A
connection that raised an error is checked at the end of its request, as before.
"""

import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    healthy_at = None  # time.monotonic() when a request last used the connection cleanly

    def connect(self):
        self.healthy_at = None
        super().connect()

    def close_if_unusable_or_obsolete(self):
        # Called as a request starts and as it ends. At the end, a connection that made a
        # cursor during the request (health_check_done) and had no error is known good.
        if self.connection is not None and self.health_check_done and not self.errors_occurred:
            self.healthy_at = time.monotonic()
        super().close_if_unusable_or_obsolete()

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and not self.health_check_done
            and self.healthy_at is not None
            and time.monotonic() - self.healthy_at < settings.NEWSROOM_DB_HEALTH_CHECK_DELAY
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
