import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import CHIEF_EDITOR, EDITOR, REPORTER
from articles.models import Category
from exchange import demo
from exchange.stories import import_story_file
from pages.models import SitePage

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "seed"

DEMO_CATEGORIES = [
    ("Pemerintahan", "pemerintahan", "Kebijakan dan kegiatan pemerintah daerah dan provinsi."),
    ("Keamanan", "keamanan", "TNI, Polri dan ketertiban masyarakat."),
    ("Religi", "religi", "Kegiatan keagamaan dan para ulama."),
    ("Pers", "pers", "Dunia pers, organisasi wartawan dan literasi media."),
]
DEMO_USERNAME = "redaksi"
# (username, first name, role group or None for an administrator, sign-off initials)
DEMO_ACCOUNTS = [
    (DEMO_USERNAME, "Redaksi", None, ""),
    ("wartawan", "Wartawan", REPORTER, "wtn"),
    ("redaktur", "Redaktur", EDITOR, "red"),
    ("pemred", "Pemimpin Redaksi", CHIEF_EDITOR, "pr"),
]
DEMO_REDAKSI = {
    "company_name": "PT Contoh Media Banten (data demo)",
    "address": "Jl. Contoh No. 1, Serang, Banten",
    "contact": "redaksi@example.com · 0254-000000 (data demo)",
    "person_in_charge": "Pemimpin Redaksi Demo",
    "editorial_staff": "Pemimpin Redaksi: Pemimpin Redaksi Demo\nRedaktur: Redaktur Demo\n"
    "Wartawan: Wartawan Demo",
}
DEMO_PEDOMAN = (
    "<p>Redaksi berpegang pada Pedoman Pemberitaan Media Siber yang ditetapkan Dewan Pers "
    "(Peraturan Dewan Pers Nomor 1/Peraturan-DP/III/2012). Teks di halaman ini adalah contoh "
    "demo: pemimpin redaksi menggantinya dengan teks pedoman lengkap.</p>"
    "<ol><li><p>Ruang lingkup</p></li><li><p>Verifikasi dan keberimbangan berita</p></li>"
    "<li><p>Isi buatan pengguna</p></li><li><p>Ralat, koreksi, dan hak jawab</p></li>"
    "<li><p>Pencabutan berita</p></li><li><p>Iklan</p></li><li><p>Hak cipta</p></li>"
    "<li><p>Pencantuman pedoman</p></li><li><p>Sengketa</p></li></ol>"
)
DEMO_PASSWORD = "redaksi-demo"


class Command(BaseCommand):
    help = (
        "Siapkan situs demo: wilayah resmi, rubrik, berita contoh dari seed, berita demo "
        "berlabel dengan foto ilustrasi, pita berita terkini, iklan demo di tiap tempat, dan "
        "akun redaksi demo. Aman "
        "dijalankan ulang; 'remove_demo' menghapus semua item demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed-only",
            action="store_true",
            help="Hanya berita seed, tanpa berita, foto, pita dan iklan demo.",
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
        seeds = sorted(SEED_DIR.glob("*.txt"))
        if not seeds:
            raise CommandError(f"Berita contoh tidak ditemukan di {SEED_DIR}.")
        for path in seeds:
            report = import_story_file(text=path.read_text(encoding="utf-8"), category=government)
            for problem in report.problems:
                self.stderr.write(f"{path.name}: {problem}")
            if verbosity:
                self.stdout.write(
                    f"Seed {path.name}: {len(report.published)} terbit, {len(report.drafts)} draf, "
                    f"{len(report.unchanged)} sudah ada."
                )
        self._fill_site_pages()
        password = os.environ.get("NEWSROOM_DEMO_PASSWORD") or DEMO_PASSWORD
        for username, first_name, role, initials in DEMO_ACCOUNTS:
            user, _created = get_user_model().objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": "Demo", "initials": initials},
            )
            user.is_staff = user.is_active = True
            user.is_superuser = role is None
            user.set_password(password)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
        if not options["seed_only"]:
            made = demo.fill()
            ads = demo.fill_ads()
            if demo.fill_blocks():
                made.append("galeri")
            if verbosity:
                self.stdout.write(
                    f"Berita demo: {len(made)} dibuat, iklan demo: {len(ads)} (dihapus dengan "
                    "'manage.py remove_demo')."
                )
        call_command("make_share_cards", verbosity=0)  # what a shared story shows
        accounts = ", ".join(f"'{username}'" for username, *_rest in DEMO_ACCOUNTS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Akun redaksi demo: nama pengguna '{DEMO_USERNAME}', kata sandi '{password}' "
                f"(masuk di /admin/). Akun per peran, kata sandi sama: {accounts}."
            )
        )

    def _fill_site_pages(self):
        """Demo content for the Redaksi and Pedoman pages, only where they are still empty."""
        redaksi = SitePage.objects.get(kind=SitePage.Kind.REDAKSI)
        if not redaksi.company_name:
            for name, value in DEMO_REDAKSI.items():
                setattr(redaksi, name, value)
            redaksi.save()
        pedoman = SitePage.objects.get(kind=SitePage.Kind.PEDOMAN)
        if not pedoman.body:
            pedoman.body = DEMO_PEDOMAN
            pedoman.save()
