"""Benchmark: upload-to-renditions time and peak memory for a 24-megapixel photo.

    .venv/bin/python bench/images.py [--megapixels 24] [--runs 3]

Prints figures (never pass/fail). Runs against a throw-away SQLite database and media
folder; each run happens in a fresh process so its peak memory is its own.
"""

import argparse
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_photo(megapixels: float) -> bytes:
    """A camera-like JPEG: smooth light, fine grain, and EXIF with GPS."""
    from PIL import ExifTags, Image, ImageFilter

    width = int((megapixels * 1_000_000 * 3 / 2) ** 0.5)
    height = int(width * 2 / 3)
    small = Image.effect_noise((width // 40, height // 40), 90).filter(ImageFilter.GaussianBlur(2))
    light = small.resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 12)
    photo = Image.merge(
        "RGB", (light, Image.blend(light, grain, 0.25), grain.point(lambda v: v // 2))
    )
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Fotografer Benchmark"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitude: (6.0, 7.0, 8.0)}
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()


def one_run(data: bytes, workdir: str, queue) -> None:
    os.environ.update(
        NEWSROOM_DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        NEWSROOM_MEDIA_ROOT=f"{workdir}/media",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images.services import refresh_renditions, store_upload
    from images.uploads import clean_upload

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    clean = clean_upload(SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg"))
    checked = time.perf_counter()
    # Django's default (immediate) task backend makes the crops as the upload commits.
    image = store_upload(clean=clean, user=None, alt="Benchmark")
    stored = time.perf_counter()
    image = refresh_renditions(image_id=image.pk)
    assert image.has_current_renditions
    done = stored
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    files = sum(len(rows) * 3 for rows in image.renditions["crops"].values())
    queue.put(
        {
            "check": checked - started,
            "store": stored - checked,
            "total": done - started,
            "peak_mb": peak / 1024,
            "growth_mb": (peak - before) / 1024,
            "files": files,
        }
    )


def prepare(workdir: str) -> None:
    os.environ.update(
        NEWSROOM_DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=24)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as workdir:
        process = context.Process(target=prepare, args=(workdir,))
        process.start()
        process.join()
        data = make_photo(args.megapixels)
        print(f"photo: {args.megapixels:g} MP JPEG, {len(data) / 1_000_000:.1f} MB, with EXIF/GPS")
        print(f"{'run':>3} {'check':>7} {'crops':>7} {'total':>7} {'peak RSS':>9} {'files':>5}")
        print(
            "    check: type, size, pixels, decode, strip metadata; crops: store + all renditions"
        )
        totals = []
        for run in range(1, args.runs + 1):
            queue = context.Queue()
            process = context.Process(target=one_run, args=(data, workdir, queue))
            process.start()
            result = queue.get()
            process.join()
            totals.append(result["total"])
            print(
                f"{run:>3} {result['check']:>6.2f}s {result['store']:>6.2f}s "
                f"{result['total']:>6.2f}s "
                f"{result['peak_mb']:>7.0f}MB {result['files']:>5}"
            )
        totals.sort()
        print(f"median upload-to-renditions: {totals[len(totals) // 2]:.2f}s")


if __name__ == "__main__":
    main()
