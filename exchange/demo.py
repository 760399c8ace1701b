"""A lively demo next to the seed: generated stories across the rubriks and the home
province's regencies and cities, with drawn photos, a breaking-news ribbon and a demo ad
in each place, each clearly marked as demo, and removed again by one command
(``remove_demo``).

Every demo row carries an ``import_key`` starting with ``demo:`` (stories and photos),
comes from the source "Newsroom Demo" and carries the tag "demo"; its summary says it is
an example. Demo ads are ``is_demo`` and say "IKLAN DEMO" on their picture. The seed
stories stay first: the demo stories are dated before them.
"""

import random
import uuid
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from taggit.models import Tag

from ads.models import Ad, AdCount, Campaign, Placement
from articles.models import Article, ArticleTombstone, BreakingNews, Category, Region, Source
from blocks.models import Embed, Gallery
from blocks.services import create_gallery
from images import sharecards
from images.models import Image
from images.services import delete_image, store_upload
from images.uploads import clean_upload
from infra import pagecache

PREFIX = "demo:"
TAG = "demo"
SOURCE = {"name": "Newsroom Demo", "slug": "newsroom-demo", "dateline_label": "demo"}
RIBBON = "DEMO: Jalur Serang–Pandeglang kembali dibuka setelah banjir surut"

# (rubrik slug, headline with {place}, first paragraph, quote, kind)
STORIES = [
    (
        "pemerintahan",
        "Pemkab {place} percepat perbaikan jalan desa sebelum musim hujan",
        "Pemerintah daerah menargetkan perbaikan 40 ruas jalan desa rampung bulan ini.",
        "Kami ingin warga tidak lagi terjebak lumpur saat mengantar hasil panen",
        "news",
    ),
    (
        "pemerintahan",
        "Posyandu terpadu dibuka di {place}, sasar balita dan lansia",
        "Layanan posyandu terpadu kini buka setiap pekan di balai desa.",
        "Kader kami sudah dilatih untuk pencegahan stunting",
        "news",
    ),
    (
        "keamanan",
        "Polres {place} gelar patroli malam jelang akhir pekan",
        "Patroli gabungan menyisir titik rawan balap liar dan tawuran pelajar.",
        "Kami minta orang tua ikut mengawasi anak-anaknya",
        "news",
    ),
    (
        "keamanan",
        "Kodim dan warga {place} bersihkan saluran air cegah banjir",
        "Ratusan prajurit dan warga membersihkan saluran yang tersumbat sampah.",
        "Gotong royong ini akan kami lanjutkan setiap bulan",
        "news",
    ),
    (
        "religi",
        "Ribuan jemaah hadiri tablig akbar di alun-alun {place}",
        "Tablig akbar digelar dalam rangka menyambut bulan suci.",
        "Mari kita jaga persatuan dan kerukunan antarumat",
        "news",
    ),
    (
        "religi",
        "MUI {place} ajak warga makmurkan masjid dengan kegiatan pemuda",
        "Majelis Ulama Indonesia mendorong masjid menjadi pusat kegiatan remaja.",
        "Masjid harus ramah bagi anak muda",
        "news",
    ),
    (
        "pers",
        "PWI {place} gelar pelatihan cek fakta untuk wartawan muda",
        "Pelatihan membahas verifikasi foto, video dan pesan berantai.",
        "Kecepatan tidak boleh mengalahkan ketepatan",
        "news",
    ),
    (
        "pers",
        "Diskominfo {place} dan media lokal teken kerja sama literasi digital",
        "Kerja sama mencakup kelas literasi digital di sekolah dan pesantren.",
        "Warga perlu bekal untuk mengenali hoaks",
        "press_release",
    ),
    (
        "pemerintahan",
        "Bank daerah buka layanan kredit UMKM di {place}",
        "Pelaku usaha mikro dapat mengajukan kredit dengan bunga ringan.",
        "Syaratnya kami buat sesederhana mungkin",
        "advertorial",
    ),
]
PHOTO_COLOURS = [
    ((30, 90, 160), (250, 200, 90)),
    ((20, 120, 90), (240, 240, 200)),
    ((150, 40, 40), (255, 220, 150)),
    ((60, 60, 110), (200, 220, 255)),
    ((110, 80, 30), (250, 230, 180)),
    ((40, 100, 120), (220, 250, 240)),
]


def draw_photo(number: int) -> bytes:
    """A drawn landscape marked "FOTO ILUSTRASI DEMO" (1600×1000 JPEG)."""
    sky, sun = PHOTO_COLOURS[number % len(PHOTO_COLOURS)]
    picture = PILImage.new("RGB", (1600, 1000), sky)
    pen = ImageDraw.Draw(picture)
    for band in range(0, 600, 6):  # a sky growing lighter towards the horizon
        shade = tuple(min(255, channel + band // 5) for channel in sky)
        pen.rectangle((0, band, 1600, band + 6), fill=shade)
    pen.ellipse((1100 - number * 60, 120, 1300 - number * 60, 320), fill=sun)
    rng = random.Random(number)
    for layer, colour in enumerate(((40, 110, 60), (30, 85, 45), (20, 60, 35))):
        points = [(0, 1000)]
        for x in range(0, 1700, 100):
            points.append((x, 520 + layer * 110 + rng.randint(-60, 60)))
        points.append((1600, 1000))
        pen.polygon(points, fill=colour)
    label = sharecards.typeface(44)
    pen.rectangle((0, 900, 1600, 1000), fill=(0, 0, 0))
    pen.text((40, 950), "FOTO ILUSTRASI DEMO", font=label, fill=(255, 255, 255), anchor="lm")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _photo(number: int, place: str) -> Image:
    key = f"{PREFIX}photo:{number}"
    existing = Image.objects.filter(import_key=key).first()
    if existing:
        return existing
    upload = SimpleUploadedFile(f"demo-{number}.jpg", draw_photo(number), content_type="image/jpeg")
    return store_upload(
        clean=clean_upload(upload),
        user=None,
        alt=f"Ilustrasi demo: perbukitan di {place}",
        caption=f"Ilustrasi demo untuk berita dari {place}.",
        credit="Ilustrasi demo Newsroom",
        import_key=key,
    )


@transaction.atomic
def fill(*, count: int = 27, now=None) -> list[Article]:
    """Demo stories (safe to run again: what exists is kept), dated before ``now``."""
    now = now or timezone.now()
    source, _created = Source.objects.get_or_create(slug=SOURCE["slug"], defaults=SOURCE)
    areas = list(Region.objects.filter(province__code="36").order_by("code")) or list(
        Region.objects.order_by("code")[:8]
    )
    reporter = get_user_model().objects.filter(username="wartawan").first()
    categories = {category.slug: category for category in Category.objects.all()}
    made = []
    for number in range(count):
        slug, headline, lead, quote, kind = STORIES[number % len(STORIES)]
        area = areas[number % len(areas)] if areas else None
        place = area.name.removeprefix("Kabupaten ").removeprefix("Kota ") if area else "Banten"
        key = f"{PREFIX}story:{number}"
        if Article.objects.filter(import_key=key).exists():
            continue
        photo = _photo(number % 6, place) if number % 4 != 3 else None  # some without
        article = Article.objects.create(
            import_key=key,
            headline=headline.format(place=place),
            summary=f"Berita contoh (demo): {lead}",
            body=(
                f"<p>{lead}</p><p>“{quote},” kata seorang narasumber kepada wartawan.</p>"
                "<p>Berita ini dibuat otomatis untuk demo Newsroom dan dihapus dengan "
                "<code>manage.py remove_demo</code>.</p>"
            ),
            dateline_place=place.upper(),
            signoff="demo",
            category=categories.get(slug),
            region=area,
            source=source,
            author=reporter,
            lead_image=photo,
            kind=kind,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=45 * (number + 1)),
            is_pinned=number in (1, 4),
        )
        article.tags.add(TAG)
        made.append(article)
    ribbon_story = Article.objects.filter(import_key=f"{PREFIX}story:3").first()
    if not BreakingNews.objects.filter(text=RIBBON).exists():
        BreakingNews.objects.create(
            text=RIBBON, article=ribbon_story, expires_at=now + timedelta(days=2)
        )
    transaction.on_commit(pagecache.invalidate)
    return made


# One demo ad per place: (place, headline, line), drawn at twice the place's size.
ADS = [
    ("masthead", "RUANG IKLAN DEMO 728×90", "Pasang iklan Anda di sini: hubungi redaksi"),
    ("in_article", "IKLAN DEMO 300×250", "Di dalam berita, setelah paragraf ke-3"),
    ("side", "IKLAN DEMO 300×250", "Kolom samping dan akhir berita"),
    ("sticky", "IKLAN DEMO 320×50", "Lengket di bawah layar ponsel"),
]
AD_CAMPAIGN = {"name": "DEMO: contoh iklan", "advertiser": "Pengiklan demo"}


def draw_ad(width: int, height: int, headline: str, line: str) -> bytes:
    """A plain banner saying it is a demo ad (PNG, at twice the size for sharp screens)."""
    width, height = width * 2, height * 2
    banner = PILImage.new("RGB", (width, height), (255, 244, 214))
    pen = ImageDraw.Draw(banner)
    pen.rectangle((4, 4, width - 5, height - 5), outline=(155, 28, 28), width=6)
    big = sharecards.typeface(max(18, min(height // 3, width // 14)))
    small = sharecards.typeface(max(14, min(height // 5, width // 22)), bold=False)
    if height >= width / 3:
        pen.text(
            (width // 2, height // 2 - height // 8),
            headline,
            font=big,
            fill=(155, 28, 28),
            anchor="mm",
        )
        pen.text(
            (width // 2, height // 2 + height // 8),
            line,
            font=small,
            fill=(40, 40, 40),
            anchor="mm",
        )
    else:
        pen.text((width // 2, height // 2), headline, font=big, fill=(155, 28, 28), anchor="mm")
    buffer = BytesIO()
    banner.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def fill_ads(*, now=None) -> list[Ad]:
    """A demo ad in each place, marked as demo, linking to the Redaksi page (safe to run
    again: what exists is kept)."""
    now = now or timezone.now()
    campaign, _created = Campaign.objects.get_or_create(**AD_CAMPAIGN)
    link = settings.SITE_URL.rstrip("/") + reverse("pages:redaksi")
    made = []
    for key, headline, line in ADS:
        if Ad.objects.filter(is_demo=True, placement__key=key).exists():
            continue
        placement = Placement.objects.get(key=key)
        size = placement.size
        image = SimpleUploadedFile(
            f"iklan-demo-{key}.png", draw_ad(size.width, size.height, headline, line), "image/png"
        )
        made.append(
            Ad.objects.create(
                campaign=campaign,
                placement=placement,
                name=f"DEMO: {placement.get_key_display()}",
                image=image,
                alt_text=f"Iklan demo: {line}",
                link_url=link,
                starts_at=now - timedelta(days=1),
                is_demo=True,
            )
        )
    transaction.on_commit(pagecache.invalidate)
    return made


# A photo gallery story with two embeds, as a newsroom makes them: the cards carry drawn
# pictures (the demo asks no platform), and the links go to the platforms' own pages.
BLOCKS_KEY = f"{PREFIX}story:blocks"
GALLERY_KEY = uuid.uuid5(uuid.NAMESPACE_URL, "newsroom-demo-gallery")
DEMO_EMBEDS = [
    (
        "https://www.youtube.com/watch?v=NewsroomDemo1",
        "youtube",
        "DEMO: Video kemeriahan Festival Kuliner Banten",
        "https://www.youtube-nocookie.com/embed/NewsroomDemo1?autoplay=1",
    ),
    (
        "https://x.com/newsroom_demo/status/1000000000000000001",
        "x",
        "DEMO: Unggahan panitia tentang jadwal festival",
        "",
    ),
]


def draw_card(number: int, title: str) -> bytes:
    """A demo embed's picture: a drawn frame saying what it stands for (960×540 JPEG)."""
    sky, _sun = PHOTO_COLOURS[number % len(PHOTO_COLOURS)]
    picture = PILImage.new("RGB", (960, 540), sky)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((0, 440, 960, 540), fill=(0, 0, 0))
    pen.text(
        (30, 490), "EMBED DEMO", font=sharecards.typeface(36), fill=(255, 255, 255), anchor="lm"
    )
    pen.text((30, 60), title[:48], font=sharecards.typeface(30), fill=(255, 255, 255), anchor="lm")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@transaction.atomic
def fill_blocks(*, now=None) -> Article | None:
    """The demo's gallery story: a gallery of four demo photos and two demo embeds (safe
    to run again)."""
    now = now or timezone.now()
    if Article.objects.filter(import_key=BLOCKS_KEY).exists():
        return None
    photos = [_photo(number, "Serang") for number in range(4)]
    gallery = create_gallery(
        title="DEMO: Festival Kuliner Banten",
        photos=[
            {"id": photo.pk, "caption": f"Ilustrasi demo {n + 1} dari festival"}
            for n, photo in enumerate(photos)
        ],
        key=GALLERY_KEY,
    )
    placeholders = []
    for number, (url, provider, title, frame) in enumerate(DEMO_EMBEDS):
        embed = Embed.objects.filter(url=url).first()
        if embed is None:
            embed = Embed(
                url=url,
                provider=provider,
                title=title,
                author_name="Newsroom Demo",
                frame_url=frame,
                fetched_at=now,
            )
            embed.thumbnail.save(
                f"demo-embed-{number}.jpg", ContentFile(draw_card(number, title)), save=False
            )
            embed.save()
        placeholders.append(embed.placeholder())
    source, _created = Source.objects.get_or_create(slug=SOURCE["slug"], defaults=SOURCE)
    article = Article.objects.create(
        import_key=BLOCKS_KEY,
        headline="Galeri: Festival Kuliner Banten dalam foto dan video (demo)",
        summary="Berita contoh (demo): galeri foto dan dua embed.",
        body=(
            "<p>Ribuan warga memadati alun-alun pada malam pembukaan festival.</p>"
            f"{gallery.placeholder(len(photos))}"
            "<p>Panitia membagikan video pembukaan di kanal resminya.</p>"
            f"{placeholders[0]}"
            "<p>Jadwal acara diumumkan panitia lewat media sosial.</p>"
            f"{placeholders[1]}"
            "<p>Berita ini dibuat otomatis untuk demo Newsroom dan dihapus dengan "
            "<code>manage.py remove_demo</code>.</p>"
        ),
        dateline_place="SERANG",
        signoff="demo",
        category=Category.objects.order_by("position", "pk").first(),
        region=Region.objects.filter(code="36.73").first(),
        source=source,
        author=get_user_model().objects.filter(username="wartawan").first(),
        lead_image=photos[0],
        kind=Article.Kind.GALLERY,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=100),
    )
    article.tags.add(TAG)
    transaction.on_commit(pagecache.invalidate)
    return article


@transaction.atomic
def remove() -> int:
    """Remove every demo item (stories, their photos and files, the ribbon, the demo
    source and tag), leaving the seed and everything the newsroom made; returns how
    many stories went."""
    stories = Article.objects.filter(import_key__startswith=PREFIX)
    ArticleTombstone.objects.bulk_create(
        [
            ArticleTombstone(article_id=pk)
            for pk in stories.filter(published_at__isnull=False).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    BreakingNews.objects.filter(text=RIBBON).delete()
    demo_ads = Ad.objects.filter(is_demo=True)
    AdCount.objects.filter(ad__in=demo_ads).delete()
    files = [(ad.image.storage, ad.image.name) for ad in demo_ads if ad.image]
    demo_ads.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    Campaign.objects.filter(**AD_CAMPAIGN, ads__isnull=True).delete()
    count = 0
    for article in stories:
        article.tags.clear()
        article.delete()
        count += 1
    Gallery.objects.filter(key=GALLERY_KEY).delete()  # before its photos
    demo_embeds = Embed.objects.filter(url__in=[url for url, *_rest in DEMO_EMBEDS])
    thumbnails = [(e.thumbnail.storage, e.thumbnail.name) for e in demo_embeds if e.thumbnail]
    demo_embeds.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in thumbnails])
    for photo in Image.objects.filter(import_key__startswith=PREFIX):
        delete_image(image=photo)
    Source.objects.filter(slug=SOURCE["slug"], articles__isnull=True).delete()
    Tag.objects.filter(slug=TAG, taggit_taggeditem_items__isnull=True).delete()
    transaction.on_commit(pagecache.invalidate)
    return count
