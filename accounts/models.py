from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from infra.internals import QuickLoad
from infra.paths import path_to


class User(QuickLoad, AbstractUser):
    """A member of the newsroom (reporter, editor) or an administrator."""

    initials = models.CharField(
        _("inisial"),
        max_length=10,
        blank=True,
        help_text=_("Inisial penutup berita, misalnya 'str'. Dipakai sebagai bawaan di artikel."),
    )

    bio = models.TextField(
        _("biografi"),
        blank=True,
        help_text=_("Tampil di halaman penulis: pengalaman, liputan, cara menghubungi."),
    )
    photo = models.ForeignKey(
        "images.Image",
        verbose_name=_("foto profil"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    language = models.CharField(
        _("bahasa antarmuka"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Kosong: bahasa situs (Indonesia)."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.byline

    def get_absolute_url(self):
        return path_to("reader:author", username=self.username)

    @property
    def byline(self) -> str:
        """The name readers see under a story."""
        return self.get_full_name() or self.username
