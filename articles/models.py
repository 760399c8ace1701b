from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles import datelines, richtext
from images import sharecards
from infra.internals import QuickLoad
from infra.paths import absolute, path_to

SLUG_MAX_LENGTH = 80
# What a list item shows (feeds and the article page load the rest).
CATEGORY_LISTING_FIELDS = ("category__name", "category__slug", "category__position")
LISTING_FIELDS = (
    "headline",
    "slug",
    "summary",
    "kind",
    "status",
    "category_id",
    "author_id",
    "source_id",
    "published_at",
    "updated_at",
    "trashed_at",
    "taken_down_at",
    "region__name",
    "region__slug",
    "region__code",
    "region__level",
    "region__province_id",
    "lead_image__file",
    "lead_image__width",
    "lead_image__height",
    "lead_image__alt",
    "lead_image__focal_x",
    "lead_image__focal_y",
    "lead_image__renditions",
)
# The part of "public" an index can hold (the publish time is compared when reading).
PUBLIC = Q(status="published", trashed_at__isnull=True, taken_down_at__isnull=True)
PREVIEW_SALT = "articles.preview-link"


def slug_from(text: str, *, fallback: str = "berita") -> str:
    """An ASCII slug cut at a word boundary, never empty."""
    slug = slugify(text)
    if len(slug) > SLUG_MAX_LENGTH:
        slug = slug[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
    return slug or fallback


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        """The 38 provinces, in Kemendagri code order."""
        return self.filter(level=Region.Level.PROVINCE)


class Region(QuickLoad, models.Model):
    """An official Indonesian area (province, regency or city) with its Kemendagri code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten")
        CITY = "city", _("Kota")

    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("provinsi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regencies",
        limit_choices_to={"level": Level.PROVINCE},
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self):
        if self.province_id:
            return f"{self.name}, {self.province.name}"
        return self.name

    def get_absolute_url(self):
        return path_to("reader:region", slug=self.slug)

    @property
    def is_province(self) -> bool:
        return self.level == self.Level.PROVINCE

    def area_ids(self) -> list[int]:
        """This region and, for a province, its regencies and cities (cached: they are
        official areas and hardly ever change)."""
        key = f"regions:area:{self.pk}"
        ids = cache.get(key)
        if ids is None:
            ids = [self.pk, *Region.objects.filter(province=self).values_list("pk", flat=True)]
            cache.set(key, ids, 3600)
        return ids


class District(models.Model):
    """A kecamatan: not a place articles are filed under, but the lookup that places a dateline."""

    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    regency = models.ForeignKey(
        Region,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.CASCADE,
        related_name="districts",
    )

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self):
        return f"Kecamatan {self.name}, {self.regency.name}"


class Category(QuickLoad, models.Model):
    """A rubrik: the sections of the site, in navigation order."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(
        _("deskripsi"), blank=True, help_text=_("Tampil di halaman rubrik dan untuk mesin pencari.")
    )
    position = models.PositiveSmallIntegerField(
        _("urutan"),
        default=0,
        help_text=_("Urutan di menu dan di halaman depan; kecil lebih dulu."),
    )

    class Meta:
        verbose_name = _("rubrik")
        verbose_name_plural = _("rubrik")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("reader:category", slug=self.slug)


class Source(QuickLoad, models.Model):
    """The outlet or wire a story comes from, and the label its datelines carry."""

    class Kind(models.TextChoices):
        OWN = "own", _("Redaksi sendiri")
        WIRE = "wire", _("Kantor berita")
        PARTNER = "partner", _("Media mitra")
        PRESS_RELEASE = "press_release", _("Siaran pers")

    class Syndication(models.TextChoices):
        NONE = "none", _("Tidak ada (berita sendiri)")
        NOINDEX_NEWS = "noindex_news", _("Googlebot-News: noindex")
        CANONICAL = "canonical", _("Tautan kanonis ke berita asli")

    name = models.CharField(_("nama"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.OWN)
    homepage_url = models.URLField(_("alamat situs"), blank=True)
    dateline_label = models.CharField(
        _("label dateline"),
        max_length=60,
        blank=True,
        help_text=_("Nama yang tampil di dateline, misalnya 'beritaindonesianet'."),
    )
    feed_url = models.URLField(
        _("alamat umpan (RSS/Atom)"),
        max_length=500,
        blank=True,
        help_text=_("Diambil oleh 'manage.py ingest_feeds'. Kosong: tidak diambil."),
    )
    is_feed_published_directly = models.BooleanField(
        _("umpan langsung terbit"),
        default=False,
        help_text=_("Mati (bawaan): berita dari umpan masuk sebagai draf untuk redaktur."),
    )
    attribution = models.CharField(
        _("atribusi"),
        max_length=200,
        blank=True,
        help_text=_("Ditulis di akhir berita dari umpan, misalnya 'Sumber: ANTARA'."),
    )
    feed_checked_at = models.DateTimeField(
        _("umpan terakhir diambil"), null=True, blank=True, editable=False
    )
    feed_status = models.CharField(
        _("hasil pengambilan terakhir"), max_length=300, blank=True, editable=False
    )
    syndication = models.CharField(
        _("aturan sindikasi"),
        max_length=20,
        choices=Syndication.choices,
        default=Syndication.NONE,
        help_text=_(
            "Untuk berita dari kantor berita atau mitra (aturan Google): sembunyikan dari "
            "Google News, atau arahkan tautan kanonis ke berita aslinya."
        ),
    )

    class Meta:
        verbose_name = _("sumber")
        verbose_name_plural = _("sumber")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("reader:source", slug=self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, with a publish time that has come (by
        ``now``, the present unless a precompiled query passes it in).

        The one definition of "public": views, feeds, sitemaps and search start here.
        """
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=now or timezone.now(),
            trashed_at__isnull=True,
            taken_down_at__isnull=True,
        )

    def taken_down(self):
        """Articles removed under the Pedoman (their URL answers 410 with the public note)."""
        return self.filter(taken_down_at__isnull=False)

    def in_trash(self):
        return self.filter(trashed_at__isnull=False)

    def scheduled(self):
        """Published with a publish time still to come: they appear by themselves."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=timezone.now(),
            trashed_at__isnull=True,
            taken_down_at__isnull=True,
        )

    def for_listing(self, *, with_category=True):
        """What a list item needs, joined in one query, newest first.

        Pages that already hold the rubriks (every public page has them for its
        navigation) leave the rubrik out and hand it over with ``with_categories()``.
        """
        relations = (
            ("category", "region", "lead_image") if with_category else ("region", "lead_image")
        )
        fields = (*LISTING_FIELDS, *CATEGORY_LISTING_FIELDS) if with_category else LISTING_FIELDS
        return (
            # Three joins, not five: planning a wide join costs more than running it.
            self.select_related(*relations).only(*fields).order_by("-published_at", "-id")
        )

    def top_stories(self, now=None):
        """Pinned as top story, and the pin has not expired."""
        return self.filter(is_top_story=True).filter(
            Q(top_story_ends_at__isnull=True) | Q(top_story_ends_at__gt=now or timezone.now())
        )

    def pinned(self, now=None):
        """Pinned to the front page below the top story, and the pin has not expired."""
        return self.filter(is_pinned=True).filter(
            Q(pin_ends_at__isnull=True) | Q(pin_ends_at__gt=now or timezone.now())
        )

    def in_region(self, region):
        """Stories filed under a region; a province includes its regencies and cities."""
        if region.is_province:
            return self.filter(region__in=region.area_ids())
        return self.filter(region=region)


def with_categories(articles, categories):
    """Give articles fetched without their rubrik (``for_listing(with_category=False)``)
    the rubrik objects a page already holds; returns the articles."""
    by_pk = {category.pk: category for category in categories}
    for article in articles:
        if article.category_id in by_pk:
            article.category = by_pk[article.category_id]
    return articles


class Article(QuickLoad, models.Model):
    """A news story, from the reporter's draft to the published page."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REVIEW = "review", _("Menunggu review")
        PUBLISHED = "published", _("Terbit")

    class Kind(models.TextChoices):
        NEWS = "news", _("Berita")
        OPINION = "opinion", _("Opini")
        ADVERTORIAL = "advertorial", _("Advertorial")
        PRESS_RELEASE = "press_release", _("Siaran pers")
        GALLERY = "gallery", _("Galeri foto")

    class TakedownReason(models.TextChoices):
        """The grounds the Pedoman Pemberitaan Media Siber accepts for removing a story."""

        SARA = "sara", _("SARA (suku, agama, ras, antargolongan)")
        DECENCY = "decency", _("Kesusilaan")
        CHILD = "child", _("Masa depan anak")
        VICTIM = "victim", _("Trauma korban")
        PRESS_COUNCIL = "press_council", _("Keputusan Dewan Pers")

    headline = models.CharField(
        _("judul"),
        max_length=200,
        help_text=_("Google menampilkan sekitar 110 karakter; judul singkat lebih baik."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        blank=True,
        help_text=_("Bagian alamat artikel; diisi otomatis dari judul bila kosong."),
    )
    summary = models.TextField(
        _("ringkasan"),
        max_length=400,
        blank=True,
        help_text=_("Satu atau dua kalimat di bawah judul, juga untuk mesin pencari."),
    )
    body = ProseEditorField(
        _("isi berita"),
        extensions=settings.ARTICLE_BODY_EXTENSIONS,
        sanitize=richtext.body_sanitizer(settings.ARTICLE_BODY_EXTENSIONS),
        blank=True,
        help_text=_("Tanpa dateline dan inisial: keduanya ditambahkan otomatis saat tampil."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("rubrik"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("sumber"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = TaggableManager(_("tag"), blank=True, help_text=_("Kata kunci, dipisah koma."))
    dateline_place = models.CharField(
        _("tempat dateline"),
        max_length=60,
        blank=True,
        help_text=_("Kota asal berita dalam huruf kapital, misalnya SERANG."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    signoff = models.CharField(
        _("inisial penutup"),
        max_length=10,
        blank=True,
        help_text=_("Tampil di akhir berita, misalnya (str). Bawaan: inisial penulis."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("waktu terbit"),
        null=True,
        blank=True,
        help_text=_("Artikel tampil untuk pembaca mulai waktu terbit. Kosong: saat diterbitkan."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    changed_at = models.DateTimeField(
        _("berubah untuk pembaca"),
        default=timezone.now,
        editable=False,
        help_text=_(
            "Saat terakhir berita ini berubah bagi pembaca dan mitra: disimpan, atau terbit "
            "pada waktu terjadwalnya (urutan umpan perubahan API)."
        ),
    )
    is_top_story = models.BooleanField(
        _("berita utama"),
        default=False,
        help_text=_("Berita utama terbaru tampil paling atas di halaman depan."),
    )
    top_story_ends_at = models.DateTimeField(
        _("berita utama hingga"),
        null=True,
        blank=True,
        help_text=_("Sesudah waktu ini berita tidak lagi disematkan sebagai berita utama."),
    )
    coverage_starts_at = models.DateTimeField(
        _("liputan langsung mulai"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Isi untuk menjadikan berita ini liputan langsung (label LANGSUNG, entri yang "
            "diperbarui sendiri di halaman pembaca)."
        ),
    )
    coverage_ends_at = models.DateTimeField(
        _("liputan langsung selesai"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Isi untuk mengakhiri liputan: label LANGSUNG hilang, entri tetap tampil sebagai "
            "berita biasa."
        ),
    )
    is_pinned = models.BooleanField(
        _("sematkan di halaman depan"),
        default=False,
        help_text=_("Berita pilihan di bawah berita utama (paling banyak tiga, terbaru dulu)."),
    )
    pin_ends_at = models.DateTimeField(
        _("disematkan hingga"),
        null=True,
        blank=True,
        help_text=_("Kosong: disematkan sampai dilepas."),
    )
    original_url = models.URLField(
        _("alamat berita asli"),
        max_length=500,
        blank=True,
        help_text=_("Untuk berita kantor berita atau mitra: alamat berita di situs aslinya."),
    )
    share_card = models.CharField(
        _("kartu bagikan"),
        max_length=100,
        blank=True,
        editable=False,
        db_index=True,  # a file still named by another story is kept (services)
        help_text=_("Gambar 1200×630 saat berita dibagikan, dibuat otomatis."),
    )
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("foto utama"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_(
            "Pilih dari pustaka foto (cari keterangan, kredit atau tag) atau unggah di bawah."
        ),
    )
    kind = models.CharField(
        _("jenis artikel"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text=_("Advertorial dan siaran pers selalu diberi label di mana pun tampil."),
    )
    embargo_ends_at = models.DateTimeField(
        _("embargo hingga"),
        null=True,
        blank=True,
        help_text=_("Sebelum waktu ini artikel tidak boleh terbit maupun dijadwalkan tampil."),
    )
    has_vulnerable_subject = models.BooleanField(
        _("menyangkut anak / korban kekerasan seksual"),
        default=False,
        help_text=_(
            "Artikel tidak dapat terbit sampai redaktur memastikan identitas anak atau korban "
            "sudah disamarkan."
        ),
    )
    identities_masked_at = models.DateTimeField(
        _("identitas dipastikan tersamar"), null=True, blank=True, editable=False
    )
    identities_masked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dipastikan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    trashed_at = models.DateTimeField(_("dibuang"), null=True, blank=True, editable=False)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuang oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    taken_down_at = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)
    taken_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    takedown_reason = models.CharField(
        _("alasan pencabutan"), max_length=20, choices=TakedownReason.choices, blank=True
    )
    takedown_note = models.TextField(
        _("catatan pencabutan untuk pembaca"), blank=True, editable=False
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("terakhir diubah oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    lock_version = models.PositiveIntegerField(
        _("versi"),
        default=0,
        help_text=_("Naik setiap kali disimpan; penyimpanan dari versi lama ditolak."),
    )
    import_key = models.CharField(
        _("kunci impor"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("Pengenal dari sistem asal, agar impor ulang tidak menggandakan artikel."),
    )
    fingerprint = models.CharField(
        _("sidik isi"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Untuk mengenali berita umpan yang sama isinya."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", _("Dapat menerbitkan, menjadwalkan dan menarik artikel")),
            ("edit_any_article", _("Dapat menyunting artikel siapa pun")),
            ("takedown_article", _("Dapat mencabut artikel (takedown)")),
            ("empty_trash", _("Dapat mengosongkan tempat sampah")),
        ]
        # Public lists read the newest public stories by an index, never by sorting the table.
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            models.Index(
                fields=["-published_at", "-id"], condition=PUBLIC, name="article_public_idx"
            ),
            models.Index(
                fields=["category", "-published_at", "-id"],
                condition=PUBLIC,
                name="article_category_idx",
            ),
            models.Index(
                fields=["region", "-published_at", "-id"],
                condition=PUBLIC,
                name="article_region_idx",
            ),
            models.Index(
                fields=["source", "-published_at", "-id"],
                condition=PUBLIC,
                name="article_source_idx",
            ),
            models.Index(
                fields=["author", "-published_at", "-id"],
                condition=PUBLIC,
                name="article_author_idx",
            ),
            models.Index(
                fields=["-published_at"], condition=Q(is_top_story=True), name="article_top_idx"
            ),
            models.Index(
                fields=["-published_at"], condition=Q(is_pinned=True), name="article_pinned_idx"
            ),
            models.Index(fields=["status", "-updated_at"], name="article_status_idx"),
            # The content API's change feed reads forward from a moment by this index.
            models.Index(fields=["changed_at", "id"], name="article_changed_idx"),
            # The desk's "Tempat sampah" tab counts these at any size of the archive.
            models.Index(
                fields=["-trashed_at"],
                condition=Q(trashed_at__isnull=False),
                name="article_trash_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~Q(import_key=""),
                name="article_unique_import_key",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.headline = richtext.without_control_characters(self.headline)
        self.summary = richtext.without_control_characters(self.summary)
        if not self.slug:
            self.slug = slug_from(self.headline)
        # Every write is sanitized, whether it comes from the admin, an importer or a script.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        self.dateline_place = self.dateline_place.strip().upper()
        if not self.signoff and self.author_id and self.author.initials:
            self.signoff = self.author.initials
        now = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = now
        # A scheduled story changes for readers when it appears, not when it is saved.
        self.changed_at = max(now, self.published_at) if self.published_at else now
        self.lock_version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "lock_version",
                "updated_at",
                "changed_at",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if not self.slug:  # an edit form shown again with the slug emptied
            return path_to("reader:detail-short", pk=self.pk)
        return path_to("reader:detail", pk=self.pk, slug=self.slug)

    @property
    def canonical_url(self) -> str:
        """The story's canonical address: the original's when its source asks syndicated
        copies to point there, else its page here (absolute)."""
        canonical = self.source_id and self.source.syndication == Source.Syndication.CANONICAL
        if canonical and self.original_url:
            return self.original_url
        return absolute(self.get_absolute_url())

    @property
    def share_card_due(self) -> str:
        """The stored name the share card of what the story shows now has
        (``images.sharecards``): ``share_card`` is current when it equals this."""
        return sharecards.card_name(
            headline=self.headline,
            rubrik=self.category.name if self.category_id else "",
            photo=self.lead_image if self.lead_image_id else None,
        )

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and not (self.body or "").strip():
            errors["body"] = _("Isi berita wajib diisi sebelum diterbitkan.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def may_be_previewed_by(user) -> bool:
        """Staff who may edit articles see drafts, scheduled and removed ones as previews."""
        return user.is_active and user.is_staff and user.has_perm("articles.change_article")

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and not self.is_trashed
            and not self.is_taken_down
        )

    @property
    def is_live_coverage(self) -> bool:
        """A story told in entries (running or ended)."""
        return self.coverage_starts_at is not None

    @property
    def is_live(self) -> bool:
        """Coverage running now: the LIVE label shows and readers' pages update."""
        now = timezone.now()
        return (
            self.coverage_starts_at is not None
            and self.coverage_starts_at <= now
            and (self.coverage_ends_at is None or self.coverage_ends_at > now)
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_trashed(self) -> bool:
        return self.trashed_at is not None

    @property
    def is_taken_down(self) -> bool:
        return self.taken_down_at is not None

    @property
    def is_under_embargo(self) -> bool:
        return self.embargo_ends_at is not None and self.embargo_ends_at > timezone.now()

    @property
    def needs_identity_check(self) -> bool:
        """Flagged as involving a child or a victim, and nobody has confirmed the masking yet."""
        return self.has_vulnerable_subject and self.identities_masked_at is None

    @property
    def label(self) -> str:
        """The label readers must see: advertorials, press releases and opinion are marked."""
        return "" if self.kind == self.Kind.NEWS else self.get_kind_display()

    @property
    def is_paid_or_promotional(self) -> bool:
        return self.kind in (self.Kind.ADVERTORIAL, self.Kind.PRESS_RELEASE)

    @property
    def workflow_state(self) -> str:
        """One word for the list badge: draft, review, scheduled, published, trash, removed."""
        if self.is_taken_down:
            return "removed"
        if self.is_trashed:
            return "trash"
        if self.is_scheduled:
            return "scheduled"
        return self.status

    @property
    def was_updated(self) -> bool:
        """Changed noticeably (over a minute) after it was published."""
        if not self.published_at:
            return False
        return (self.updated_at - self.published_at).total_seconds() > 60

    @property
    def modified_at(self):
        """The "Diperbarui" time readers see and search engines get as dateModified."""
        return self.updated_at if self.was_updated else self.published_at

    @property
    def byline(self) -> str:
        if self.author_id:
            return self.author.byline
        if self.source_id:
            return self.source.name
        return ""

    @property
    def dateline(self) -> str:
        """The dateline as printed: 'SERANG, beritaindonesianet –'."""
        label = self.source.dateline_label if self.source_id else ""
        return datelines.format_dateline(self.dateline_place, label)

    def rendered_body(self):
        """The body with the dateline opening its first paragraph and the sign-off closing it."""
        return datelines.render_body(self.body, dateline=self.dateline, signoff=self.signoff)


class ArticleTombstone(models.Model):
    """What is left of a story deleted for good after readers could see it: its id and the
    moment, so the content API's change feed still tells partners it is gone."""

    article_id = models.PositiveBigIntegerField(_("ID artikel"), unique=True)
    deleted_at = models.DateTimeField(_("dihapus"), default=timezone.now)

    class Meta:
        verbose_name = _("artikel terhapus")
        verbose_name_plural = _("artikel terhapus")
        indexes = [models.Index(fields=["deleted_at", "article_id"], name="tombstone_changed_idx")]

    def __str__(self):
        return f"#{self.article_id}"


class ArticleEvent(models.Model):
    """The audit trail: who moved an article through the workflow, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dibuat")
        SUBMITTED = "submitted", _("Diajukan ke redaktur")
        RETURNED = "returned", _("Dikembalikan ke wartawan")
        PUBLISHED = "published", _("Diterbitkan")
        SCHEDULED = "scheduled", _("Dijadwalkan")
        UNPUBLISHED = "unpublished", _("Ditarik dari situs")
        IDENTITIES_MASKED = "identities_masked", _("Identitas anak/korban dipastikan tersamar")
        TRASHED = "trashed", _("Dibuang ke tempat sampah")
        RESTORED = "restored", _("Dipulihkan dari tempat sampah")
        REVISION_RESTORED = "revision_restored", _("Versi lama dipulihkan")
        CORRECTED = "corrected", _("Ralat/koreksi/hak jawab dimuat")
        TAKEN_DOWN = "taken_down", _("Dicabut (takedown)")
        PREVIEW_LINK = "preview_link", _("Tautan pratinjau dibuat")
        PREVIEW_REVOKED = "preview_revoked", _("Tautan pratinjau dicabut")

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("jejak alur kerja")
        verbose_name_plural = _("jejak alur kerja")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.get_action_display()} – {self.article}"

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])


class Correction(QuickLoad, models.Model):
    """A ralat, koreksi or hak jawab published under a story (Pedoman Pemberitaan Media Siber)."""

    class Kind(models.TextChoices):
        RALAT = "ralat", _("Ralat")
        KOREKSI = "koreksi", _("Koreksi")
        HAK_JAWAB = "hak_jawab", _("Hak jawab")

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    text = models.TextField(
        _("isi"),
        help_text=_(
            "Tampil di bawah berita dan di halaman ralat. Tidak dapat diubah setelah dimuat."
        ),
    )
    published_at = models.DateTimeField(_("dimuat"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dimuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ralat / koreksi / hak jawab")
        verbose_name_plural = _("ralat / koreksi / hak jawab")
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#ralat-{self.pk}"


class PreviewLink(models.Model):
    """A signed link that shows an unpublished article to someone without an account."""

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku hingga"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("tautan pratinjau")
        verbose_name_plural = _("tautan pratinjau")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.article} ({self.expires_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("reader:preview", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        """The link's id, signed with the secret key: unguessable, and checked on every use."""
        return signing.Signer(salt=PREVIEW_SALT).sign(str(self.pk))

    @classmethod
    def from_token(cls, token: str) -> "PreviewLink | None":
        try:
            pk = int(signing.Signer(salt=PREVIEW_SALT).unsign(token))
        except (signing.BadSignature, ValueError):
            return None
        return cls.objects.select_related("article").filter(pk=pk).first()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class BreakingNewsQuerySet(models.QuerySet):
    def active(self, now=None):
        """Ribbons whose time has not run out, newest first."""
        return self.filter(expires_at__gt=now or timezone.now()).order_by("-created_at")


class BreakingNews(models.Model):
    """The 'breaking news' ribbon across the top of every page, until it expires."""

    text = models.CharField(_("teks"), max_length=200)
    article = models.ForeignKey(
        Article,
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Bila diisi, pita menautkan ke artikel ini (hanya saat artikel terbit)."),
    )
    expires_at = models.DateTimeField(
        _("tampil hingga"), help_text=_("Pita hilang sendiri sesudah waktu ini.")
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("berita terkini (pita)")
        verbose_name_plural = _("berita terkini (pita)")
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.article.get_absolute_url() if self.article_id else reverse("reader:headlines")


def next_public_change():
    """When the public site next changes by itself, with nobody saving anything: a
    scheduled story's time, a top story, pin or breaking-news ribbon expiring (or None).
    The page cache keeps no page beyond it (NEWSROOM_NEXT_PUBLIC_CHANGES)."""
    now = timezone.now()
    # Each from its own partial index: one aggregate over the whole table with filters
    # read every row (a third of a second at a million articles, on each new generation).
    moments = [
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
        Article.objects.filter(is_top_story=True, top_story_ends_at__gt=now).aggregate(
            at=Min("top_story_ends_at")
        )["at"],
        Article.objects.filter(is_pinned=True, pin_ends_at__gt=now).aggregate(
            at=Min("pin_ends_at")
        )["at"],
        BreakingNews.objects.filter(expires_at__gt=now).aggregate(at=Min("expires_at"))["at"],
        # A live coverage's LIVE label comes and goes by itself.
        Article.objects.filter(coverage_starts_at__gt=now).aggregate(at=Min("coverage_starts_at"))[
            "at"
        ],
        Article.objects.filter(coverage_ends_at__gt=now).aggregate(at=Min("coverage_ends_at"))[
            "at"
        ],
    ]
    return min((moment for moment in moments if moment), default=None)


def photo_in_public_use(image) -> bool:
    """Whether readers see this library photo: the lead photo of a published, scheduled
    or taken-down story, or a byline's portrait on an author page
    (NEWSROOM_PHOTO_IN_PUBLIC_USE: the photo library knows no article)."""
    return (
        Article.objects.filter(lead_image=image, status=Article.Status.PUBLISHED).exists()
        or get_user_model().objects.filter(photo=image).exists()
    )


def stories_naming_block(key) -> list[str]:
    """The headlines of stories whose body names this embed's or gallery's key, trash
    included (NEWSROOM_BLOCK_USED_BY: the blocks know no article)."""
    return list(
        Article.objects.filter(body__contains=str(key))
        .order_by("-pk")
        .values_list("headline", flat=True)[:20]
    )


class Autosave(models.Model):
    """What an editor has typed and not yet saved, kept every few seconds while they type
    and when they leave the page: one per editor and story (a story not yet saved has
    none of its own). Neither a revision nor a save: readers never see it, and it never
    changes the story. Restoring it puts the typing back in the form, under the version
    it started from, so the stale-save rule still refuses to overwrite another's save."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ketikan tersimpan otomatis")
        verbose_name_plural = _("ketikan tersimpan otomatis")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_story",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new_story"
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.article_id or '-'} ({self.saved_at:%Y-%m-%d %H:%M})"


class ArticleViews(models.Model):
    """Reads of an article per hour, from the first-party counter (no cookies, no tracker)."""

    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField(_("jam"))
    views = models.PositiveIntegerField(_("dibaca"), default=0)

    class Meta:
        verbose_name = _("jumlah baca")
        verbose_name_plural = _("jumlah baca")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="article_views_unique_hour")
        ]
        indexes = [models.Index(fields=["hour", "article"], name="article_views_hour_idx")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.views}"


class LegacyURL(models.Model):
    """An address from the old site (WordPress) that answers 301 to its new page."""

    old_path = models.CharField(
        _("alamat lama"),
        max_length=500,
        unique=True,
        help_text=_("Jalur lama, misalnya '/2025/05/11/judul/' atau '?p=123'."),
    )
    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, null=True, blank=True
    )
    category = models.ForeignKey(
        Category, verbose_name=_("rubrik"), on_delete=models.CASCADE, null=True, blank=True
    )
    tag = models.ForeignKey(
        "taggit.Tag", verbose_name=_("tag"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("alamat lama")
        verbose_name_plural = _("alamat lama")
        ordering = ["old_path"]

    def __str__(self):
        return self.old_path

    def get_absolute_url(self):
        if self.article_id:
            return self.article.get_absolute_url()
        if self.category_id:
            return self.category.get_absolute_url()
        if self.tag_id:
            return reverse("reader:tag", args=[self.tag.slug])
        return reverse("reader:headlines")
