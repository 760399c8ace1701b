import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.migrate_wordpress import import_wordpress
from exchange.wordpress import ExportError


class Command(BaseCommand):
    help = (
        "Impor ekspor WordPress (WXR 1.2): tulisan jadi artikel, kategori jadi rubrik, tag, "
        "penulis jadi pengguna nonaktif, foto unggulan dari salinan lokal wp-content/uploads. "
        "Alamat lama dialihkan (301). Dibaca mengalir, memori tetap; aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="Berkas ekspor WordPress (.xml).")
        parser.add_argument("--uploads", help="Salinan lokal folder wp-content/uploads.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa tanpa menyimpan.")

    def handle(self, *args, export, uploads, dry_run, verbosity, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"Berkas '{export}' tidak ditemukan.")
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"Folder uploads '{uploads}' tidak ditemukan.")

        def progress(report):
            if verbosity:
                rate = report.posts / report_time(report)
                self.stdout.write(
                    f"\r{report.posts} tulisan ({report.created} baru, {report.updated} "
                    f"diperbarui), {len(report.problems)} masalah, {rate:.0f}/detik",
                    ending="",
                )
                self.stdout.flush()

        started = time.monotonic()

        def report_time(report):
            return max(time.monotonic() - started, 0.001)

        try:
            report = import_wordpress(
                path=path, uploads=uploads, dry_run=dry_run, progress=progress
            )
        except ExportError as error:
            raise CommandError(f"'{export}' tidak diimpor: {error}.") from None
        for problem in report.problems:
            self.stderr.write(problem)
        if verbosity:
            prefix = "[uji coba] " if dry_run else ""
            skipped = ", ".join(f"{count} {why}" for why, count in report.skipped.items()) or "0"
            self.stdout.write(
                self.style.SUCCESS(
                    f"\n{prefix}Selesai dalam {report.seconds:.1f} detik: {report.created} "
                    f"artikel baru, {report.updated} diperbarui, dilewati: {skipped}; "
                    f"{report.authors} penulis, {report.categories} rubrik, {report.tags} tag, "
                    f"{report.images} foto, {report.redirects} alamat lama, "
                    f"{len(report.problems)} masalah."
                )
            )
