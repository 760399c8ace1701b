"""Cached pages at the machine's limits: a page cache hit in gunicorn against a bare Django
view with no middleware, and the page through nginx (deploy/nginx/newsroom.conf, as CI
runs it) against nginx serving a static file of the same size. Same run, same machine.

    .venv/bin/python bench/proxy.py            # the benchmark database of bench/site.py

Targets (issue 17): a cache hit in gunicorn >= 0.8x the bare view; the front page and an
article through nginx >= 0.5x nginx's static file. It prints figures; it never fails.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.site import PYTHON, TARGETS, Server, base_env, free_port, python, wrk  # noqa: E402
from tests.faults import wait_for  # noqa: E402
from tests.test_deploy import NGINX, main_config, site_config  # noqa: E402


def start(command, env=None):
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def start_bare_view():
    """bench/bare.py under gunicorn (2 workers): (the process, its port)."""
    port = free_port()
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    command = [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    return start(
        [*command, "bench.bare:application"], {**os.environ, "PYTHONPATH": str(ROOT)}
    ), port


def start_nginx(app_port: int):
    """Debian's nginx with deploy/nginx/newsroom.conf in front of gunicorn on app_port:
    (the process, its port, its folder)."""
    base = Path(tempfile.mkdtemp(prefix="newsroom-proxy-"))
    for folder in ("static", "media", "cache"):
        (base / folder).mkdir()
    port = free_port()
    (base / "site.conf").write_text(site_config(app_port, port, base))
    (base / "nginx.conf").write_text(main_config(base, workers=2))
    nginx = start([NGINX, "-p", str(base), "-c", str(base / "nginx.conf"), "-g", "daemon off;"])
    return nginx, port, base


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    env = {**base_env(args.database, args.redis, cached=True), "NEWSROOM_PROXY_COUNT": "1"}
    targets = python(env, TARGETS)
    pages = {"front page": "/", "article": targets["article"]}
    app = Server(env)
    bare, bare_port = start_bare_view()
    nginx, port, base = start_nginx(app.port)
    try:
        wait_for(bare_port)
        wait_for(port)
        run = {"duration": args.duration, "connections": args.connections}
        print(f"wrk {args.duration}s x {args.connections} connections; gunicorn 2 workers")
        for name, url in pages.items():
            with urllib.request.urlopen(app.url + url) as answer:
                size = len(answer.read())
            (base / "static" / f"page-{size}.html").write_bytes(b"x" * size)
            wrk(app.url + url, duration=2, connections=args.connections)  # fill the caches
            wrk(f"http://127.0.0.1:{port}{url}", duration=2, connections=args.connections)
            hit = wrk(app.url + url, **run)
            ceiling = wrk(f"http://127.0.0.1:{bare_port}/?bytes={size}", **run)
            proxied = wrk(f"http://127.0.0.1:{port}{url}", **run)
            static = wrk(f"http://127.0.0.1:{port}/static/page-{size}.html", **run)
            print(
                f"{name} ({size:,} bytes)\n"
                f"  gunicorn, page cache hit {hit['rps']:>9,.0f} req/s   bare Django view "
                f"{ceiling['rps']:>9,.0f}   ratio {hit['rps'] / ceiling['rps']:.2f} "
                f"(target >= 0.8)\n"
                f"  through nginx            {proxied['rps']:>9,.0f} req/s   nginx static file "
                f"{static['rps']:>9,.0f}   ratio {proxied['rps'] / static['rps']:.2f} "
                f"(target >= 0.5)   p99 {proxied['p99']:.1f} ms, errors {proxied['errors']}",
                flush=True,
            )
    finally:
        nginx.send_signal(signal.SIGQUIT)
        bare.terminate()
        app.stop()
        for process in (nginx, bare):
            process.wait(timeout=30)
        time.sleep(0.1)


if __name__ == "__main__":
    main()
