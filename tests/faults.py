"""Parts that can be made to fail on purpose, for the fault tests and bench/faults.py:
a Redis server of our own on a free port, a TCP proxy in front of PostgreSQL (or Redis)
that can be cut (every connection closed, new ones refused) and restored, the site's
cache pointed anywhere, and a database that refuses every query."""

import contextlib
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

from django.db.utils import OperationalError

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


def nothing_listens() -> str:
    """A Redis address where no server answers."""
    return f"redis://127.0.0.1:{free_port()}/0"


def site_cache_at(settings, location: str) -> None:
    """The site's shared cache (the fail-open Redis cache) at ``location``."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "infra.cache.FailOpenRedisCache", "LOCATION": location},
    }


def database_refuses(execute, sql, params, many, context):
    """For ``connection.execute_wrapper``: every query fails as when the server is gone."""
    raise OperationalError("connection refused (the test cut the database)")


class RedisServer:
    """redis-server on a free port, keeping nothing on disk: ``stop`` and ``start``
    again is a Redis restart (it comes back empty, as after a crash)."""

    def __init__(self, base: Path):
        self.base, self.port = base, free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.base),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


class TcpProxy:
    """Forwards 127.0.0.1:``port`` to ``target``. ``cut()``: every open connection is
    closed and new ones are refused, as when a database server goes away;
    ``restore()``: connections are accepted again."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener = None
        self._open: set[socket.socket] = set()
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self.stalled = False

    def stall(self) -> None:
        """Slow to death: open connections are closed, new ones are accepted and never
        answered (a server that hangs, or a network dropping packets)."""
        self.stalled = True
        self._close_open()

    def unstall(self) -> None:
        self.stalled = False
        for held in self._held:
            held.close()
        self._held.clear()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    restore = start

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        self._close_open()

    stop = cut

    def _close_open(self) -> None:
        with self._lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._open.clear()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # cut
                return
            if self.stalled:
                self._held.append(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    server.close()
                    return
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
            source.close()
