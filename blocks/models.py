"""What a story's body can hold besides text: an embedded post or video (its snapshot,
fetched once from the provider) and a gallery of library photos.

A body refers to a block by its ``key`` (a UUID), never by its row id, so the body means
the same after an archive is imported into another site.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a body holding a block contains: a page may look for these before asking for its
# blocks (an article without any never runs the blocks' code).
MARKERS = ('data-embed="', 'data-gallery="')


class Block(models.Model):
    """What every block has: the key a body names it by, and who made it when."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class Embed(Block):
    """A post or video from an allowed provider, as it was when it was embedded: enough to
    show readers a card without asking the provider, and to keep showing it if the post
    is removed or the provider changes its API."""

    url = models.URLField(_("alamat"), max_length=500, unique=True)
    provider = models.CharField(_("penyedia"), max_length=40)
    title = models.CharField(_("judul"), max_length=300, blank=True)
    author_name = models.CharField(_("pembuat"), max_length=200, blank=True)
    author_url = models.URLField(_("alamat pembuat"), max_length=500, blank=True)
    thumbnail = models.ImageField(
        _("gambar kecil"),
        upload_to="embeds/%Y/%m",
        blank=True,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    html = models.TextField(
        _("HTML penyedia"),
        blank=True,
        help_text=_("Disimpan sebagai arsip; tidak pernah ditampilkan apa adanya kepada pembaca."),
    )
    frame_url = models.URLField(_("alamat pemutar"), max_length=1000, blank=True)
    fetched_at = models.DateTimeField(_("diambil"), null=True, blank=True)
    problem = models.CharField(_("masalah terakhir"), max_length=300, blank=True)

    class Meta(Block.Meta):
        verbose_name = _("embed")
        verbose_name_plural = _("embed")

    def __str__(self):
        return self.title or self.url

    def placeholder(self, load: str = "click") -> str:
        """The block as a body holds it: the link stays readable in the editor, in diffs
        and wherever the block cannot be shown."""
        from django.utils.html import format_html

        return format_html(
            '<figure data-embed="{}" data-load="{}"><a href="{}">{}</a></figure>',
            self.key,
            "visible" if load == "visible" else "click",
            self.url,
            self.title or self.url,
        )


class Gallery(Block):
    """Photos from the library in the editor's order, each with its caption and credit
    (the photo's own unless overridden here)."""

    title = models.CharField(_("judul galeri"), max_length=200)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta(Block.Meta):
        verbose_name = _("galeri")
        verbose_name_plural = _("galeri")

    def __str__(self):
        return self.title

    def label(self, count: int) -> str:
        """What the body's placeholder says (the editor's card, a revision's diff)."""
        return _("Galeri: %(title)s (%(count)s foto)") % {"title": self.title, "count": count}

    def placeholder(self, count: int) -> str:
        """The block as a body holds it."""
        from django.utils.html import format_html

        return format_html(
            '<figure data-gallery="{}"><figcaption>{}</figcaption></figure>',
            self.key,
            self.label(count),
        )


class GalleryPhoto(models.Model):
    gallery = models.ForeignKey(
        Gallery, verbose_name=_("galeri"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "images.Image", verbose_name=_("foto"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    caption = models.CharField(
        _("keterangan"),
        max_length=500,
        blank=True,
        help_text=_("Kosongkan untuk memakai keterangan foto di perpustakaan."),
    )
    credit = models.CharField(
        _("kredit"),
        max_length=200,
        blank=True,
        help_text=_("Kosongkan untuk memakai kredit foto di perpustakaan."),
    )

    class Meta:
        verbose_name = _("foto galeri")
        verbose_name_plural = _("foto galeri")
        ordering = ["position", "id"]

    def __str__(self):
        return self.shown_caption[:80]

    @property
    def shown_caption(self) -> str:
        return self.caption or self.image.caption or self.image.alt

    @property
    def shown_credit(self) -> str:
        return self.credit or self.image.credit
