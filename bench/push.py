"""Benchmark sending one web push alert to many readers.

    .venv/bin/python bench/push.py                       # 2,000 readers, 40 ms push service
    .venv/bin/python bench/push.py --readers 5000 --latency 80

Makes a temporary SQLite database with that many subscriptions (each its own browser
keys, as Chromium makes them) to the breaking-news topic, all at a local push service
that answers each POST after ``--latency`` milliseconds (a real one is a network round
trip away; 1 in 50 subscriptions answers 410 Gone), publishes a story and runs the
worker's task for its alert, as the worker would. It prints how long the alert took to
reach everyone, deliveries per second, and what was removed. It reports; it never passes
or fails.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

RUN = r"""
import base64, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import django
django.setup()
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article
from push import services
from push.models import BREAKING, PushSend, PushSubscription, PushTopic

readers, latency = int(sys.argv[1]), int(sys.argv[2]) / 1000
received = []

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(latency)
        received.append(1)
        self.send_response(410 if self.path.startswith("/gone/") else 201)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 512
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
service = f"http://127.0.0.1:{server.server_address[1]}"
settings.NEWSROOM_PUSH_SERVICES = ["http://127.0.0.1"]

def b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")

key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
    serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
)
started = time.perf_counter()
rows = [
    PushSubscription(
        endpoint=f"{service}/{'gone' if n % 50 == 0 else 'send'}/{n}",
        p256dh=b64(key),
        auth=b64(os.urandom(16)),
    )
    for n in range(readers)
]
PushSubscription.objects.bulk_create(rows, batch_size=1000)
PushTopic.objects.bulk_create(
    [PushTopic(subscription_id=pk, key=BREAKING)
     for pk in PushSubscription.objects.values_list("pk", flat=True)],
    batch_size=1000,
)
article = Article.objects.create(
    headline="Gempa magnitudo 5,2 guncang Pandeglang", body="<p>Gempa.</p>",
    status="published", published_at=timezone.now(),
)
editor = get_user_model().objects.create(username="redaktur-bench")
send = services.request_push(article=article, topic=PushSend.Topic.BREAKING, user=editor)
began = time.perf_counter()
delivered = services.send_alert.call(send.pk)
took = time.perf_counter() - began
send.refresh_from_db()
print(f"readers {readers:,}  push service latency {latency * 1000:.0f} ms  "
      f"concurrency {getattr(settings, 'NEWSROOM_PUSH_CONCURRENCY', 1)}")
print(f"alert reached everyone in {took:.1f} s: {delivered / took:,.0f} deliveries/s  "
      f"(delivered {send.delivered:,}, gone and removed {send.gone:,}, failed {send.failed}, "
      f"left {PushSubscription.objects.count():,} subscriptions)")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--latency", type=int, default=40, help="push service ms per POST")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("NEWSROOM_", "DATABASE_"))},
            "DATABASE_URL": f"sqlite:///{folder}/push.sqlite3",
            "NEWSROOM_DEBUG": "1",
            "NEWSROOM_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        }
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [PYTHON, "-c", RUN, str(args.readers), str(args.latency)], cwd=ROOT, env=env, check=True
        )


if __name__ == "__main__":
    main()
