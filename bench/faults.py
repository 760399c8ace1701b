"""The worst morning: readers keep reading while Redis restarts and the database goes away.

    .venv/bin/python bench/faults.py                 # creates newsroom_faults_bench if needed

gunicorn as deploy/ runs it, over PostgreSQL behind a TCP proxy this script can cut and a
Redis server of its own (tests/faults.py). 64 reader connections for 60 s on the
morning's mix (bench/morning.py: the front page, articles with a long tail, listings,
feeds). At 20 s Redis is stopped and started again 2 s later (empty, as after a crash);
at 40 s the database connection is cut for 10 s. From gunicorn's access log (status,
page-cache answer, time taken in the server) it prints, per phase: requests, errors,
5xx that are not a 503 with Retry-After, 5xx on pages stored before the cut, p99; and
how long each recovery took. Targets (issue 24): 0 errors on cached pages, only 503 with
Retry-After elsewhere. It prints; it never fails.
"""

import argparse
import collections
import json
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.morning import LUA, URLS, mix  # noqa: E402
from bench.site import PYTHON, base_env, ensure_database, fill, manage, python, wrk  # noqa: E402
from tests.faults import RedisServer, TcpProxy, free_port, wait_for  # noqa: E402

FORMAT = "%(t)s %(U)s %(s)s %({x-page-cache}o)s %({retry-after}o)s %(D)s"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="newsroom_faults_bench")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-faults-"))
    redis = RedisServer(work)
    redis.start()
    direct = f"{args.server}/{args.database}"
    ensure_database(direct)
    env = base_env(direct, redis.url, cached=True)
    env["NEWSROOM_STATIC_ROOT"] = str(work / "static")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    fill(env, args.articles)
    urls = python(env, URLS)
    script = work / "mix.lua"
    script.write_text(LUA % ", ".join(json.dumps(path) for _kind, path in mix(urls)))

    host, port = args.server.rsplit("@", 1)[1].rsplit(":", 1)
    proxy = TcpProxy(int(port), host)
    proxy.start()
    log = work / "access.log"
    site_port = free_port()
    env = {
        **base_env(f"{args.server.rsplit(':', 1)[0]}:{proxy.port}/{args.database}", "", True),
        "REDIS_URL": redis.url,
        "NEWSROOM_STATIC_ROOT": str(work / "static"),
        "NEWSROOM_DB_CONNECT_TIMEOUT": "2",
        "NEWSROOM_TASKS": "database",
        "NEWSROOM_RATE_READ": "1000000",
        "GUNICORN_BIND": f"127.0.0.1:{site_port}",
        "GUNICORN_LOG_LEVEL": "error",
    }
    site = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            str(log),
            "--access-logformat",
            FORMAT,
            "newsroom.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stderr=(work / "gunicorn.log").open("w"),
    )
    events = {}
    try:
        wait_for(site_port)
        url = f"http://127.0.0.1:{site_port}"
        wrk(url, duration=5, connections=16, script=script)  # a morning that has begun
        log.write_text("")
        start = time.time()

        def faults():
            time.sleep(20)
            events["redis stopped"] = time.time() - start
            redis.stop()
            time.sleep(2)
            redis.start()
            events["redis started"] = time.time() - start
            time.sleep(40 - (time.time() - start))
            events["database cut"] = time.time() - start
            proxy.cut()
            time.sleep(10)
            proxy.restore()
            events["database back"] = time.time() - start

        injector = threading.Thread(target=faults)
        injector.start()
        result = wrk(url, duration=60, connections=args.connections, script=script)
        injector.join()
    finally:
        site.send_signal(signal.SIGTERM)
        site.wait(timeout=30)
        redis.stop()
        proxy.stop()

    rows = []
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) < 7 or not parts[3].isdigit():
            continue
        stamp = f"{parts[0].lstrip('[')} {parts[1].rstrip(']')}"
        moment = datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z").timestamp()
        rows.append(
            {
                "second": moment - int(start),
                "path": parts[2],
                "status": int(parts[3]),
                "cache": parts[4],
                "retry": parts[5] != "-",
                "ms": int(parts[6]) / 1000,
            }
        )
    phases = {
        "before (0-20 s)": (0, 20),
        "Redis restarting (20-22 s)": (20, 22),
        "Redis back (22-40 s)": (22, 40),
        "database cut (40-50 s)": (40, 50),
        "database back (50-60 s)": (50, 61),
    }
    # Pages served from the cache, or made and stored, after Redis came back (a page made
    # while Redis was away, "off", was stored nowhere).
    stored = {
        r["path"]
        for r in rows
        if 22 <= r["second"] < 40 and r["status"] == 200 and r["cache"] in ("hit", "miss")
    }
    print(
        f"60 s, {args.connections} reader connections, {len(urls['articles']):,} stories in "
        f"the mix; faults at {', '.join(f'{k} {v:.1f} s' for k, v in events.items())}"
    )
    print(
        f"  wrk: {result['rps']:,.0f} requests/s, non-2xx/3xx or socket errors {result['errors']}"
    )
    for name, (low, high) in phases.items():
        inside = [r for r in rows if low <= r["second"] < high]
        failed = [r for r in inside if r["status"] >= 500]
        other = [r for r in failed if not (r["status"] == 503 and r["retry"])]
        on_cached = [r for r in failed if r["path"] in stored] if low >= 40 else []
        answers = collections.Counter(r["cache"] for r in inside)
        print(
            f"  {name}: {len(inside):,} requests, 5xx {len(failed):,} (not a 503 with "
            f"Retry-After: {len(other)}; on pages stored before: {len(on_cached)}), "
            f"p99 {percentile([r['ms'] for r in inside], 0.99):.1f} ms; "
            + ", ".join(f"{k} {v:,}" for k, v in answers.most_common())
        )

    def recovered(after, good):
        seconds = sorted({int(r["second"]) for r in rows if r["second"] >= after})
        for second in seconds:
            bucket = [r for r in rows if int(r["second"]) == second]
            if bucket and good(bucket):
                return second - after
        return None

    hits = recovered(
        events.get("redis started", 22),
        lambda b: sum(r["cache"] == "hit" for r in b) / len(b) >= 0.9,
    )
    clean = recovered(events.get("database back", 50), lambda b: all(r["status"] < 500 for r in b))
    print(
        f"  recovery: page cache hits >= 90 % again {hits:.0f} s after Redis came back; "
        f"no 5xx {clean:.0f} s after the database came back (whole seconds of the access log)"
    )


if __name__ == "__main__":
    main()
