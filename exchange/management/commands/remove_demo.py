from django.core.management.base import BaseCommand

from exchange import demo


class Command(BaseCommand):
    help = (
        "Hapus semua item demo (berita, foto ilustrasi, pita berita terkini, iklan, sumber dan tag "
        "demo). Berita seed dan semua yang dibuat redaksi tetap ada."
    )

    def handle(self, *args, verbosity, **options):
        count = demo.remove()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{count} berita demo dihapus."))
