"""Lighthouse (mobile) on the demo's front page, an article, and the demo's gallery story
with two embeds (counting any request to another host before interaction).

    npm install --no-save lighthouse@12          # once; Chromium from Debian
    .venv/bin/python bench/lighthouse.py

Builds the demo (``setup_demo``: the seed and the demo stories with their photos) in a
temporary SQLite database, makes the photos' crops, serves it with gunicorn (2 workers,
the page cache on, media served by Django as in ``make run``) and runs Lighthouse's
mobile preset (simulated slow 4G, a mid-range phone) three times per page, printing the
median performance score, LCP, TBT, CLS and bytes. It reports; it never passes or fails.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults import free_port  # noqa: E402

PYTHON = sys.executable
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
RUNS = 3


def lighthouse_binary() -> str:
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    found = str(local) if local.exists() else shutil.which("lighthouse")
    if not found:
        raise SystemExit("lighthouse is needed: npm install --no-save lighthouse@12")
    return found


def main():
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("NEWSROOM_", "DATABASE_"))},
            "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "NEWSROOM_DEBUG": "1",  # media served by Django, as in make run
            "NEWSROOM_MEDIA_ROOT": f"{folder}/media",
            "NEWSROOM_PAGE_CACHE_SECONDS": "300",
            "NEWSROOM_LOG_LEVEL": "WARNING",
        }
        for command in (
            ["migrate", "--no-input"],
            ["setup_demo"],
            ["run_worker", "--batch"],  # the photos' crops, the share cards
            ["collectstatic", "--no-input"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        article, blocks = subprocess.run(
            [
                PYTHON,
                "-c",
                "import django; django.setup(); from articles.models import Article; "
                "demo = Article.objects.published().filter(import_key__startswith='demo:'); "
                "print(demo.exclude(lead_image=None).exclude(kind='gallery').first().get_absolute_url()); "
                "print(demo.get(import_key='demo:story:blocks').get_absolute_url())",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        port = free_port()
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py", "newsroom.wsgi"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": "2",
                "GUNICORN_ACCESS_LOG": "/dev/null",
            },
            stderr=open(f"{folder}/gunicorn.log", "w"),  # noqa: SIM115 (the server's whole life)
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            pages = (("front page", "/"), ("article", article), ("gallery+2 embeds", blocks))
            for name, path in pages:
                url = f"http://127.0.0.1:{port}{path}"
                urllib.request.urlopen(url).read()  # into the page cache
                runs = []
                for _ in range(RUNS):
                    out = f"{folder}/report.json"
                    for attempt in range(3):  # Lighthouse's trace now and then fails
                        run = subprocess.run(
                            [
                                binary,
                                url,
                                "--output=json",
                                f"--output-path={out}",
                                "--quiet",
                                "--only-categories=performance",
                                f"--chrome-path={CHROMIUM}",
                                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                            ],
                            capture_output=True,
                            text=True,
                        )
                        if run.returncode == 0:
                            break
                        if attempt == 2:
                            raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
                    report = json.loads(Path(out).read_text())
                    audits = report["audits"]
                    runs.append(
                        {
                            "score": report["categories"]["performance"]["score"] * 100,
                            "lcp": audits["largest-contentful-paint"]["numericValue"],
                            "tbt": audits["total-blocking-time"]["numericValue"],
                            "cls": audits["cumulative-layout-shift"]["numericValue"],
                            "bytes": audits["total-byte-weight"]["numericValue"],
                            "elsewhere": sum(
                                not item["url"].startswith(("http://127.0.0.1", "data:"))
                                for item in audits["network-requests"]["details"]["items"]
                            ),
                        }
                    )
                median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
                print(
                    f"{name:<16} performance {median['score']:.0f}  LCP {median['lcp'] / 1000:.2f} s  "
                    f"TBT {median['tbt']:.0f} ms  CLS {median['cls']:.3f}  {median['bytes'] / 1024:.0f} kB  "
                    f"requests elsewhere {max(r['elsewhere'] for r in runs)}  "
                    f"(median of {RUNS}; scores {[round(r['score']) for r in runs]})",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
