from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of the newsroom (reporter, editor) or an administrator."""

    initials = models.CharField(
        _("inisial"),
        max_length=10,
        blank=True,
        help_text=_("Inisial penutup berita, misalnya 'str'. Dipakai sebagai bawaan di artikel."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.byline

    @property
    def byline(self) -> str:
        """The name readers see under a story."""
        return self.get_full_name() or self.username
