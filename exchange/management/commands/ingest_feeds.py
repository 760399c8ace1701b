from django.core.management.base import BaseCommand

from exchange.ingest import ingest_all


class Command(BaseCommand):
    help = (
        "Ambil umpan RSS/Atom setiap sumber yang punya alamat umpan: berita baru masuk sebagai "
        "draf (atau terbit bila sumber diatur begitu), dengan atribusi dan tautan ke aslinya. "
        "Pekerja latar (run_worker) menjalankannya berkala; aman diulang."
    )

    def handle(self, *args, verbosity, **options):
        failed = 0
        for report in ingest_all():
            if report.error:
                failed += 1
                self.stderr.write(f"{report.source.name}: {report.error}")
            elif verbosity:
                self.stdout.write(
                    f"{report.source.name}: {len(report.created)} baru, "
                    f"{report.duplicates} sudah ada"
                )
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Selesai; {failed} umpan gagal."))
