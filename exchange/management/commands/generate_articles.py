"""Generate many realistic published articles fast, for benchmarks (and load testing).

PostgreSQL gets them through COPY (a million in a few minutes), other databases through
bulk inserts. Generated rows carry the import key prefix 'bench:' so --clear finds them.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles import search_document
from articles.models import Article, Category, Region, Source
from images.models import Image
from infra import pagecache

WORDS = [
    "pemerintah",
    "daerah",
    "provinsi",
    "banten",
    "kabupaten",
    "serang",
    "kota",
    "tangerang",
    "warga",
    "desa",
    "kecamatan",
    "posyandu",
    "kader",
    "pembangunan",
    "jalan",
    "jembatan",
    "sekolah",
    "guru",
    "siswa",
    "rumah",
    "sakit",
    "dokter",
    "pasien",
    "polisi",
    "tni",
    "danrem",
    "ulama",
    "pesantren",
    "masjid",
    "istighosah",
    "maulid",
    "pasar",
    "pedagang",
    "harga",
    "beras",
    "petani",
    "sawah",
    "panen",
    "banjir",
    "hujan",
    "bencana",
    "relawan",
    "bantuan",
    "anggaran",
    "dprd",
    "bupati",
    "wali",
    "kota",
    "gubernur",
    "dinas",
    "kesehatan",
    "pendidikan",
    "sosial",
    "ekonomi",
    "usaha",
    "mikro",
    "pariwisata",
    "pantai",
    "anyer",
    "pelabuhan",
    "merak",
    "kereta",
    "jalan",
    "tol",
    "listrik",
    "air",
    "bersih",
    "sampah",
    "lingkungan",
    "hutan",
    "pers",
    "wartawan",
]
MAX_TAGS = 4  # per article, like a desk's usual keywords; some have none
PLACES = ["SERANG", "CILEGON", "PANDEGLANG", "LEBAK", "TANGERANG", "TANGSEL", "JAKARTA"]
SYLLABLES = [
    "ba",
    "bi",
    "bu",
    "da",
    "di",
    "du",
    "ga",
    "gi",
    "ha",
    "hi",
    "ja",
    "ka",
    "ki",
    "ku",
    "la",
    "li",
    "ma",
    "mi",
    "na",
    "ni",
    "ra",
    "ri",
    "sa",
    "si",
    "ta",
    "ti",
    "wa",
    "ya",
]


def person(rng) -> str:
    """A name readers might search for: a few thousand distinct ones across the set."""
    return "".join(rng.choices(SYLLABLES, k=3)).capitalize()


def sentence(rng, low=8, high=18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


class Command(BaseCommand):
    help = (
        "Buat banyak artikel terbit yang realistis dengan cepat, untuk benchmark. Baris buatan "
        "berkunci impor 'bench:'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000, help="Jumlah artikel.")
        parser.add_argument("--clear", action="store_true", help="Hapus artikel buatan dulu.")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, count, clear, seed, verbosity, **options):
        started = time.monotonic()
        if clear:
            deleted = Article.objects.filter(import_key__startswith="bench:").delete()[0]
            if verbosity:
                self.stdout.write(f"{deleted} baris buatan dihapus.")
        rng = random.Random(seed)
        context = self._reference_rows()
        first = Article.objects.filter(import_key__startswith="bench:").count()
        newest = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if connection.vendor == "postgresql":
            self._copy(rng, context, first, count, verbosity)
        else:
            self._bulk(rng, context, first, count, verbosity)
        self._tag(context, after=newest, verbosity=verbosity)
        pagecache.invalidate()
        if verbosity:
            seconds = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(f"\n{count} artikel dibuat dalam {seconds:.1f} detik.")
            )

    def _reference_rows(self) -> dict:
        categories = list(Category.objects.values_list("pk", flat=True))
        if not categories:
            for position, name in enumerate(
                ("Pemerintahan", "Keamanan", "Religi", "Pers", "Ekonomi")
            ):
                Category.objects.create(name=name, slug=slugify(name), position=position)
            categories = list(Category.objects.values_list("pk", flat=True))
        source, _created = Source.objects.get_or_create(
            slug="beritaindonesianet",
            defaults={"name": "beritaindonesianet", "dateline_label": "beritaindonesianet"},
        )
        regions = list(
            Region.objects.filter(code__startswith="36").values_list("pk", flat=True)
        ) or [None]
        authors = []
        for number in range(8):
            user, _created = get_user_model().objects.get_or_create(
                username=f"penulis{number}",
                defaults={"first_name": f"Penulis {number}", "initials": f"p{number}"},
            )
            authors.append(user.pk)
        images = list(Image.objects.values_list("pk", flat=True)[:20])
        for word in sorted({*WORDS, *(place.lower() for place in PLACES)}):
            Tag.objects.get_or_create(slug=word, defaults={"name": word})
        tags = list(Tag.objects.filter(slug__in=WORDS).values_list("pk", flat=True))
        return {
            "categories": categories,
            "source": source.pk,
            "regions": regions,
            "authors": authors,
            "images": images,
            "tags": tags,
        }

    def _row(self, rng, context, number, now) -> dict:
        headline = sentence(rng, 6, 12).rstrip(".")
        published = now - timedelta(minutes=number * 7 + rng.randint(1, 6))
        body = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(4, 7)))
        body += f"<p>Kata {person(rng)}, warga setempat, kepada wartawan.</p>"
        images = context["images"]
        return self._defaults | {
            "headline": headline[:200],
            "slug": slugify(headline)[:80].rstrip("-") or "berita",
            "summary": sentence(rng, 12, 22),
            "body": body,
            "category_id": rng.choice(context["categories"]),
            "region_id": rng.choice(context["regions"]),
            "source_id": context["source"],
            "dateline_place": rng.choice(PLACES),
            "author_id": rng.choice(context["authors"]),
            "signoff": "str",
            "status": "published",
            "published_at": published,
            "created_at": published,
            "updated_at": published,
            "changed_at": published,
            "is_top_story": False,
            "is_pinned": False,
            "original_url": "",
            "lead_image_id": rng.choice(images) if images and rng.random() < 0.7 else None,
            "kind": "advertorial" if rng.random() < 0.02 else "news",
            "has_vulnerable_subject": False,
            "takedown_reason": "",
            "takedown_note": "",
            "lock_version": 1,
            "import_key": f"bench:{number}",
        }

    @cached_property
    def _defaults(self) -> dict:
        """Every other column at its model default, so a new field never breaks COPY."""
        return {
            field.attname: field.get_default()
            for field in Article._meta.concrete_fields
            if not field.primary_key and not field.generated
        }

    def _bulk(self, rng, context, first, count, verbosity) -> None:
        now = timezone.now()
        batch = []
        for number in range(first, first + count):
            batch.append(Article(**self._row(rng, context, number, now)))
            if len(batch) == 2000:
                Article.objects.bulk_create(batch)
                batch = []
                self._progress(number - first + 1, count, verbosity)
        Article.objects.bulk_create(batch)

    def _copy(self, rng, context, first, count, verbosity) -> None:
        """COPY in chunks; the search index is built once at the end, not per row (and
        built again by the next run if this one was stopped before the end)."""
        now = timezone.now()
        columns = list(self._row(rng, context, first, now))
        table = Article._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {search_document.DOCUMENT_INDEX}")
        chunk = 50_000
        for start in range(first, first + count, chunk):
            stop = min(start + chunk, first + count)
            with transaction.atomic(), connection.cursor() as cursor:
                sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for number in range(start, stop):
                        row = self._row(rng, context, number, now)
                        copy.write_row([row[column] for column in columns])
            self._progress(stop - first, count, verbosity)
        if verbosity:
            self.stdout.write("\nMembangun ulang indeks pencarian ...")
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(search_document.DOCUMENT_INDEX_SQL)
            cursor.execute(f"ANALYZE {table}")

    def _tag(self, context, *, after: int, verbosity: int) -> None:
        """Up to MAX_TAGS tags on each new article, spread over the vocabulary."""
        tags, kind = context["tags"], ContentType.objects.get_for_model(Article).pk
        new = Article.objects.filter(pk__gt=after, import_key__startswith="bench:")
        ids = list(new.order_by("pk").values_list("pk", flat=True))  # read before COPY starts
        rows = (
            (pk, kind, tags[(pk * 7919 + n * 104_729) % len(tags)])
            for pk in ids
            for n in range(pk % (MAX_TAGS + 1))
        )
        if connection.vendor == "postgresql":
            table = TaggedItem._meta.db_table
            with transaction.atomic(), connection.cursor() as cursor:
                sql = f"COPY {table} (object_id, content_type_id, tag_id) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(f"ANALYZE {table}")
        else:
            TaggedItem.objects.bulk_create(
                (TaggedItem(object_id=pk, content_type_id=ct, tag_id=tag) for pk, ct, tag in rows),
                batch_size=5000,
            )
        if verbosity:
            self.stdout.write("\nTag dipasang.")

    def _progress(self, done, total, verbosity) -> None:
        if verbosity:
            self.stdout.write(f"\r{done}/{total} artikel", ending="")
            self.stdout.flush()
