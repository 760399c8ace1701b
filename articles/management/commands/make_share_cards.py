from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Article
from articles.services import refresh_share_cards


class Command(BaseCommand):
    help = (
        "Buat kartu bagikan (1200×630) untuk berita terbit yang belum memilikinya atau yang "
        "judul, rubrik atau fotonya berubah. Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=0, help="Hanya berita terbit N hari terakhir (0: semua)."
        )

    def handle(self, *args, days, verbosity, **options):
        stories = Article.objects.published()
        if days:
            stories = stories.filter(published_at__gte=timezone.now() - timedelta(days=days))
        made = refresh_share_cards(stories)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Selesai: {made} kartu bagikan dibuat."))
