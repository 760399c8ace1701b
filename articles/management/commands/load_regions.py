from pathlib import Path

from django.core.management.base import BaseCommand

from articles.services import REGION_DATA_DIR, load_regions


class Command(BaseCommand):
    help = (
        "Muat provinsi, kabupaten/kota dan kecamatan resmi (kode Kemendagri) dari "
        "articles/data/idn-area. Aman dijalankan ulang: hanya yang berubah yang diperbarui."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(REGION_DATA_DIR), help="Folder berkas CSV.")
        parser.add_argument("--dry-run", action="store_true", help="Hitung tanpa menyimpan.")

    def handle(self, *args, data_dir, dry_run, verbosity, **options):
        report = load_regions(data_dir=Path(data_dir), dry_run=dry_run)
        if verbosity:
            prefix = "[uji coba] " if dry_run else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}Wilayah: {report.created} baru, {report.updated} diperbarui, "
                    f"{report.unchanged} tetap."
                )
            )
