from django.core.management.base import BaseCommand

from images.models import Image
from images.services import refresh_renditions


class Command(BaseCommand):
    help = (
        "Buat potongan (16:9, 4:3, 1:1; AVIF, WebP, JPEG) untuk foto pustaka yang belum "
        "memilikinya atau yang titik fokusnya berubah. Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Hitung saja, tanpa membuat.")

    def handle(self, *args, dry_run, verbosity, **options):
        pending = [
            image for image in Image.objects.order_by("pk") if not image.has_current_renditions
        ]
        total = len(pending)
        if dry_run:
            self.stdout.write(f"[uji coba] {total} foto perlu dibuatkan potongan.")
            return
        for number, image in enumerate(pending, start=1):
            refresh_renditions(image_id=image.pk)
            if verbosity:
                self.stdout.write(f"\r{number}/{total} foto", ending="")
                self.stdout.flush()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"\nSelesai: {total} foto dibuatkan potongan."))
