from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.archive import export_content


class Command(BaseCommand):
    help = (
        "Tulis seluruh isi situs (artikel, rubrik, wilayah terpakai, sumber, tag, penulis, "
        "ralat, halaman, foto beserta berkasnya) ke satu arsip zip. Arsip memuat hash kata "
        "sandi pengguna: simpan dengan aman."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Berkas arsip yang ditulis, misalnya isi.zip.")

    def handle(self, *args, path, verbosity, **options):
        target = Path(path)
        if target.exists():
            raise CommandError(f"'{path}' sudah ada; pilih nama lain agar tidak tertimpa.")
        counts = export_content(target)
        if verbosity:
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Arsip {path} ditulis: {summary}."))
