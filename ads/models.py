"""Advertising: the places on the page (``Placement``), what is sold (``Campaign``), the
ads that fill the places (``Ad``: an image with a link, or an ad network's slot) and
their counted impressions and clicks (``AdCount``, one row per ad and hour).

The sizes of the places are fixed here, not in the admin: the site's stylesheet reserves
exactly these boxes, so an ad never moves the page while it loads."""

from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Size:
    width: int
    height: int

    def __str__(self):
        return f"{self.width}×{self.height}"


class PageType(models.TextChoices):
    FRONT = "front", _("Halaman depan")
    ARTICLE = "article", _("Halaman berita")
    LISTING = "listing", _("Daftar berita (rubrik, wilayah, tag, terbaru)")


class Placement(models.Model):
    """A place on the reader's page that ads fill; the template holds its box."""

    class Key(models.TextChoices):
        MASTHEAD = "masthead", _("Di bawah kepala situs")
        IN_ARTICLE = "in_article", _("Di dalam berita, setelah paragraf ke-N")
        SIDE = "side", _("Kolom samping / akhir berita")
        STICKY = "sticky", _("Lengket di bawah layar (ponsel)")

    SIZES = {
        Key.MASTHEAD: Size(728, 90),
        Key.IN_ARTICLE: Size(300, 250),
        Key.SIDE: Size(300, 250),
        Key.STICKY: Size(320, 50),
    }
    PAGE_TYPES = {
        Key.MASTHEAD: {PageType.FRONT, PageType.ARTICLE, PageType.LISTING},
        Key.IN_ARTICLE: {PageType.ARTICLE},
        Key.SIDE: {PageType.FRONT, PageType.ARTICLE},
        Key.STICKY: {PageType.FRONT, PageType.ARTICLE, PageType.LISTING},
    }

    key = models.CharField(_("tempat"), max_length=20, choices=Key.choices, unique=True)
    is_active = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_("Tempat yang tidak aktif tidak menampilkan iklan apa pun."),
    )
    after_paragraph = models.PositiveSmallIntegerField(
        _("setelah paragraf ke-"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Hanya untuk iklan di dalam berita: iklan tampil setelah paragraf ini (berita "
            "yang lebih pendek menampilkannya di akhir isi berita)."
        ),
    )

    class Meta:
        verbose_name = _("tempat iklan")
        verbose_name_plural = _("tempat iklan")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_key_display()} ({self.size})"

    def get_absolute_url(self):
        return reverse("admin:ads_placement_change", args=[self.pk])

    @property
    def size(self) -> Size:
        return self.SIZES[self.key]


class Campaign(models.Model):
    """What one advertiser bought: its ads are reported together (CSV)."""

    name = models.CharField(_("nama kampanye"), max_length=200)
    advertiser = models.CharField(_("pengiklan"), max_length=200)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kampanye")
        verbose_name_plural = _("kampanye")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.advertiser})"

    def get_absolute_url(self):
        return reverse("admin:ads_campaign_change", args=[self.pk])


class AdQuerySet(models.QuerySet):
    def running(self, at=None):
        """Ads readers may be shown at ``at`` (now): switched on, in an active place,
        started and not yet ended."""
        at = at or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at),
            is_active=True,
            placement__is_active=True,
            starts_at__lte=at,
        )


class Ad(models.Model):
    """One ad: an image linking to the advertiser, or a slot of the configured ad network;
    shown in one place, between its start and end, where its targeting says, rotated
    with the other ads of that place by weight."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Gambar dengan tautan")
        NETWORK = "network", _("Slot jaringan iklan (AdSense / Ad Manager)")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="ads", verbose_name=_("kampanye")
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="ads", verbose_name=_("tempat")
    )
    name = models.CharField(
        _("nama iklan"), max_length=200, help_text=_("Untuk redaksi dan laporan; tidak tampil.")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    image = models.ImageField(
        _("gambar"),
        upload_to="iklan/%Y/%m/",
        width_field="image_width",
        height_field="image_height",
        blank=True,
        help_text=_(
            "JPEG, PNG atau WebP dengan perbandingan ukuran tempatnya (misalnya 728×90 atau "
            "1456×180 untuk di bawah kepala situs)."
        ),
    )
    image_width = models.PositiveIntegerField(default=0, editable=False)
    image_height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        _("teks alternatif"),
        max_length=200,
        blank=True,
        help_text=_("Isi iklan dalam kata-kata, untuk pembaca layar. Wajib untuk iklan gambar."),
    )
    link_url = models.URLField(
        _("tautan tujuan"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Wajib untuk iklan gambar. Alamat http:// atau https://."),
    )
    network_slot = models.CharField(
        _("slot jaringan"),
        max_length=200,
        blank=True,
        help_text=_(
            "AdSense: nomor data-ad-slot. Ad Manager: jalur unit iklan, misalnya "
            "/1234567/beranda-atas."
        ),
    )
    starts_at = models.DateTimeField(_("mulai tayang"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("selesai tayang"), null=True, blank=True, help_text=_("Kosong: tayang terus.")
    )
    weight = models.PositiveSmallIntegerField(
        _("bobot"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Iklan di tempat yang sama bergantian; bobot 3 tampil tiga kali lebih sering "
            "daripada bobot 1."
        ),
    )
    page_types = models.JSONField(
        _("jenis halaman"),
        default=list,
        blank=True,
        help_text=_("Kosong: semua jenis halaman tempat ini."),
    )
    categories = models.ManyToManyField(
        "articles.Category",
        blank=True,
        related_name="+",
        verbose_name=_("rubrik"),
        help_text=_("Kosong: semua rubrik. Jika diisi, iklan tidak tampil di halaman depan."),
    )
    regions = models.ManyToManyField(
        "articles.Region",
        blank=True,
        related_name="+",
        verbose_name=_("wilayah"),
        help_text=_(
            "Kosong: semua wilayah. Provinsi mencakup kabupaten/kotanya. Jika diisi, iklan "
            "hanya tampil di berita dan daftar wilayah tersebut."
        ),
    )
    is_active = models.BooleanField(
        _("aktif"), default=True, help_text=_("Matikan untuk menghentikan iklan seketika.")
    )
    is_demo = models.BooleanField(default=False, editable=False)

    objects = AdQuerySet.as_manager()

    class Meta:
        verbose_name = _("iklan")
        verbose_name_plural = _("iklan")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["ends_at"], name="ads_ad_ends_at")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:ads_ad_change", args=[self.pk])


class AdCount(models.Model):
    """Impressions and clicks of one ad in one hour, written by the worker in batches."""

    ad = models.ForeignKey(Ad, on_delete=models.PROTECT, related_name="counts")
    hour = models.DateTimeField()
    impressions = models.PositiveBigIntegerField(default=0)
    clicks = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("hitungan iklan")
        verbose_name_plural = _("hitungan iklan")
        ordering = ["hour"]
        constraints = [
            models.UniqueConstraint(fields=["ad", "hour"], name="ads_count_one_row_per_hour")
        ]

    def __str__(self):
        return f"{self.ad} {self.hour:%Y-%m-%d %H}"

    def get_absolute_url(self):
        return self.ad.get_absolute_url()


def next_change():
    """When an ad next starts or ends by itself (or None): the page cache keeps no page
    beyond it (NEWSROOM_NEXT_PUBLIC_CHANGES)."""
    now = timezone.now()
    live = Ad.objects.filter(is_active=True, placement__is_active=True)
    moments = live.aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment), default=None)
