from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from infra.internals import QuickLoad


def upload_path(image, filename: str) -> str:
    """images/2026/11/<cleaned-name>: the name is already sanitized and unique."""
    now = timezone.now()
    return f"images/{now:%Y/%m}/{filename}"


class ImageQuerySet(models.QuerySet):
    def search(self, term: str):
        """Caption, credit, alt text and tags."""
        term = term.strip()
        if not term:
            return self
        return self.filter(
            models.Q(caption__icontains=term)
            | models.Q(credit__icontains=term)
            | models.Q(alt__icontains=term)
            | models.Q(tags__name__icontains=term)
        ).distinct()


class Image(QuickLoad, models.Model):
    """A photo in the newsroom's library, reusable by many articles.

    The stored file has been checked and stripped of metadata (see images.uploads);
    ``renditions`` lists the generated crops (see images.renditions).
    """

    file = models.ImageField(
        _("berkas"), upload_to=upload_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("lebar"), editable=False)
    height = models.PositiveIntegerField(_("tinggi"), editable=False)
    alt = models.CharField(
        _("teks alternatif"),
        max_length=250,
        help_text=_("Apa yang tampak di foto, untuk pembaca tunanetra dan mesin pencari."),
    )
    caption = models.CharField(_("keterangan foto"), max_length=500, blank=True)
    credit = models.CharField(
        _("kredit foto"),
        max_length=200,
        blank=True,
        help_text=_("Fotografer atau agensi. Wajib sebelum artikel dengan foto ini terbit."),
    )
    source_note = models.CharField(
        _("catatan sumber"),
        max_length=300,
        blank=True,
        help_text=_("Misalnya 'Dok. Humas Pemkab Serang' atau syarat pemakaian."),
    )
    focal_x = models.FloatField(
        _("titik fokus (x)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    focal_y = models.FloatField(
        _("titik fokus (y)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    tags = TaggableManager(_("tag"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now, editable=False)
    renditions = models.JSONField(_("rendisi"), default=dict, blank=True, editable=False)
    import_key = models.CharField(
        _("kunci impor"), max_length=255, blank=True, editable=False, db_index=True
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["-uploaded_at", "-id"]
        get_latest_by = "uploaded_at"

    def __str__(self):
        label = self.caption or self.alt
        return f"{label[:80]} ({self.credit})" if self.credit else label[:80]

    def get_absolute_url(self):
        return reverse("admin:images_image_change", args=[self.pk])

    @property
    def megapixels(self) -> float:
        return round(self.width * self.height / 1_000_000, 1)

    @property
    def focal_key(self) -> str:
        """Changes when the crops must be made again."""
        return f"{self.file.name}@{self.focal_x:.4f},{self.focal_y:.4f}"

    @property
    def has_current_renditions(self) -> bool:
        return self.renditions.get("key") == self.focal_key
