import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Category
from articles.services import import_story_file

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "seed"

DEMO_CATEGORIES = [
    ("Pemerintahan", "pemerintahan", "Kebijakan dan kegiatan pemerintah daerah dan provinsi."),
    ("Keamanan", "keamanan", "TNI, Polri dan ketertiban masyarakat."),
    ("Religi", "religi", "Kegiatan keagamaan dan para ulama."),
    ("Pers", "pers", "Dunia pers, organisasi wartawan dan literasi media."),
]
DEMO_USERNAME = "redaksi"
DEMO_PASSWORD = "redaksi-demo"


class Command(BaseCommand):
    help = (
        "Siapkan situs demo: wilayah resmi, rubrik, berita contoh dari seed dan akun redaksi "
        "demo. Aman dijalankan ulang."
    )

    def handle(self, *args, verbosity, **options):
        call_command("load_regions", verbosity=verbosity)
        with transaction.atomic():
            for position, (name, slug, description) in enumerate(DEMO_CATEGORIES, start=1):
                Category.objects.get_or_create(
                    slug=slug,
                    defaults={"name": name, "description": description, "position": position},
                )
        government = Category.objects.get(slug="pemerintahan")
        for path in sorted(SEED_DIR.glob("*.txt")):
            report = import_story_file(text=path.read_text(encoding="utf-8"), category=government)
            for problem in report.problems:
                self.stderr.write(f"{path.name}: {problem}")
            if verbosity:
                self.stdout.write(
                    f"Seed {path.name}: {len(report.published)} terbit, {len(report.drafts)} draf, "
                    f"{len(report.unchanged)} sudah ada."
                )
        password = os.environ.get("NEWSROOM_DEMO_PASSWORD") or DEMO_PASSWORD
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Redaksi", "last_name": "Demo", "email": "redaksi@example.com"},
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Akun redaksi demo: nama pengguna '{DEMO_USERNAME}', kata sandi '{password}' "
                "(masuk di /admin/)."
            )
        )
