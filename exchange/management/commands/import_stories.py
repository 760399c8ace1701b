from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Category
from articles.places import PlaceIndex
from exchange.stories import import_story_file

# A desk's story file holds a morning's copy: a few hundred kilobytes at most.
MAX_FILE_BYTES = 5_000_000


def read_story_file(path: Path) -> str:
    """The file's text, or ValueError saying why it is not a story file we can read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValueError(
                f"berkas terlalu besar ({size:,} byte; paling besar {MAX_FILE_BYTES:,} byte)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(f"tidak dapat dibaca ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValueError(
            f"bukan teks UTF-8 (baris {line}); simpan ulang berkas sebagai UTF-8"
        ) from None
    if "\x00" in text:
        raise ValueError("berisi data biner, bukan berkas teks")
    return text


class Command(BaseCommand):
    help = (
        "Impor berita dari berkas teks redaksi: daftar judul '- ...', lalu berita dengan "
        "dateline 'TEMPAT, sumber– ...' dan inisial penutup '(str)'. Berita lengkap terbit, "
        "judul tanpa berita menjadi draf. Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Berkas .txt atau folder berisi berkas .txt.")
        parser.add_argument("--category", help="Slug rubrik untuk berita lengkap yang diimpor.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa tanpa menyimpan.")

    def handle(self, *args, paths, category, dry_run, verbosity, **options):
        rubric = None
        if category:
            rubric = Category.objects.filter(slug=category).first()
            if rubric is None:
                raise CommandError(f"Rubrik dengan slug '{category}' tidak ada.")
        files = self._files(paths)
        places = PlaceIndex.load()
        if not places.by_code:
            raise CommandError("Data wilayah belum dimuat: jalankan 'manage.py load_regions' dulu.")
        totals = {"terbit": 0, "draf": 0, "dilengkapi": 0, "tetap": 0, "masalah": 0}
        unreadable = []
        for path in files:
            try:
                text = read_story_file(path)
            except ValueError as error:
                self.stderr.write(f"{path}: tidak diimpor: {error}")
                unreadable.append(path)
                totals["masalah"] += 1
                continue
            report = import_story_file(text=text, category=rubric, places=places, dry_run=dry_run)
            for problem in report.problems:
                self.stderr.write(f"{path}: {problem}")
            for source in report.sources_created:
                if verbosity:
                    self.stdout.write(f"{path}: sumber baru '{source.name}'")
            if verbosity > 1:
                for article in report.published + report.completed:
                    self.stdout.write(f"  terbit: {article.headline} [{article.region or '-'}]")
                for article in report.drafts:
                    self.stdout.write(f"  draf:   {article.headline} [{article.region or '-'}]")
            totals["terbit"] += len(report.published)
            totals["draf"] += len(report.drafts)
            totals["dilengkapi"] += len(report.completed)
            totals["tetap"] += len(report.unchanged)
            totals["masalah"] += len(report.problems)
        if verbosity:
            prefix = "[uji coba] " if dry_run else ""
            summary = ", ".join(f"{count} {label}" for label, count in totals.items())
            self.stdout.write(self.style.SUCCESS(f"{prefix}Impor selesai: {summary}."))
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} berkas tidak dapat dibaca dan tidak diimpor sama sekali "
                "(lihat pesan di atas); berkas lain sudah diproses."
            )

    def _files(self, paths) -> list[Path]:
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(path.glob("*.txt"))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"Berkas '{name}' tidak ditemukan.")
        if not files:
            raise CommandError("Tidak ada berkas .txt untuk diimpor.")
        return files
