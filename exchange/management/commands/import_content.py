from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.archive import ArchiveError, import_content


class Command(BaseCommand):
    help = "Pulihkan arsip dari 'export_content' ke situs kosong (wilayah sudah dimuat)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Arsip zip dari export_content.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa tanpa menyimpan.")

    def handle(self, *args, path, dry_run, verbosity, **options):
        if not Path(path).is_file():
            raise CommandError(f"Arsip '{path}' tidak ditemukan.")
        try:
            report = import_content(path, dry_run=dry_run)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            prefix = "[uji coba] " if dry_run else ""
            summary = ", ".join(f"{count} {name}" for name, count in report.counts.items())
            self.stdout.write(self.style.SUCCESS(f"{prefix}Dipulihkan: {summary}."))
