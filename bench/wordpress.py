"""Benchmark: WordPress import speed and memory (posts per second, peak RSS).

    .venv/bin/python bench/wordpress.py [--posts 20000 100000]

Writes a WXR export of N posts (streamed, as WordPress does), then imports it into a
throw-away database in a fresh process and reports posts/s and the peak memory, so
flat memory shows as the same peak for growing exports. Prints figures; never fails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = r"""
import django, json, resource, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_regions", verbosity=0)
from exchange.migrate_wordpress import import_wordpress
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = import_wordpress(path=sys.argv[1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"posts": report.created, "seconds": report.seconds, "peak_mb": peak / 1024, "before_mb": before / 1024}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[20000])
    parser.add_argument("--database", default="", help="default: SQLite in a temp folder")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.wxr import write_large

    print(f"{'posts':>8} {'file MB':>8} {'seconds':>8} {'posts/s':>8} {'peak RSS':>9}")
    for count in args.posts:
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "export.xml"
            write_large(export, count)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "newsroom.settings",
                "NEWSROOM_DEBUG": "1",
                "NEWSROOM_MEDIA_ROOT": f"{folder}/media",
                "DATABASE_URL": args.database or f"sqlite:///{folder}/bench.sqlite3",
            }
            result = subprocess.run(
                [sys.executable, "-c", RUN, str(export)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            data = json.loads(result.stdout.strip().splitlines()[-1])
            rate = data["posts"] / data["seconds"]
            size = export.stat().st_size / 1_000_000
            print(
                f"{data['posts']:>8} {size:>8.1f} {data['seconds']:>8.1f} {rate:>8.0f} "
                f"{data['peak_mb']:>7.0f}MB"
            )


if __name__ == "__main__":
    main()
