"""Live coverage: a story (``Article`` with a coverage start) updated minute by minute
with entries. Reporters write entries; editors publish them (``live.publish_liveentry``).
A published entry that is changed shows "diperbarui" with the time; a deleted one goes
to the trash first, as stories do."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles import richtext
from articles.models import Article


class LiveEntryQuerySet(models.QuerySet):
    def shown(self, now=None):
        """Entries shown on their story's page (to readers once the story is public, to
        staff in its preview before): published, due, not in the trash."""
        return self.filter(
            status=LiveEntry.Status.PUBLISHED,
            published_at__lte=now or timezone.now(),
            trashed_at__isnull=True,
        )

    def published(self, now=None):
        """Entries readers see: shown, of a published story."""
        now = now or timezone.now()
        return self.shown(now).filter(article__in=Article.objects.published(now))

    def as_shown(self):
        """In the order a coverage shows them, pinned first, then newest first, with what
        each shows (its author and photo)."""
        return self.select_related("author", "image").order_by("-is_pinned", "-published_at", "-pk")


class LiveEntry(models.Model):
    """One update of a live coverage: time, optional headline, body, photo, author."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="live_entries",
        verbose_name=_("liputan"),
        limit_choices_to={"coverage_starts_at__isnull": False},
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    headline = models.CharField(
        _("judul singkat"), max_length=160, blank=True, help_text=_("Boleh kosong.")
    )
    body = ProseEditorField(
        _("isi"),
        extensions=settings.ARTICLE_BODY_EXTENSIONS,
        sanitize=richtext.body_sanitizer(settings.ARTICLE_BODY_EXTENSIONS),
    )
    image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foto"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penulis"),
    )
    is_key_event = models.BooleanField(
        _("peristiwa penting"),
        default=False,
        help_text=_("Tampil di ringkasan peristiwa penting di atas liputan."),
    )
    is_pinned = models.BooleanField(
        _("sematkan"), default=False, help_text=_("Tampil paling atas, di atas entri terbaru.")
    )
    published_at = models.DateTimeField(_("waktu terbit"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("diperbarui"), null=True, blank=True, editable=False)
    trashed_at = models.DateTimeField(_("dibuang"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entri liputan langsung")
        verbose_name_plural = _("entri liputan langsung")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_liveentry", _("Dapat menerbitkan entri liputan langsung"))]
        indexes = [
            models.Index(fields=["article", "-published_at", "-id"], name="live_entry_article_time")
        ]

    def __str__(self):
        return self.headline or richtext.plain_text(self.body)[:60]

    def save(self, *args, **kwargs):
        self.headline = richtext.without_control_characters(self.headline)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"entri-{self.pk}"

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.trashed_at is None
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
