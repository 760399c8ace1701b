"""Partners' API keys and what each has used (the content API, ``api/``)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "nr_"


def digest_of(key: str) -> str:
    """Keys are stored as their SHA-256 digest: a copy of the database holds no usable key."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    """A partner's key: sent as ``Authorization: Bearer <key>`` or ``X-Api-Key``."""

    name = models.CharField(
        _("mitra"),
        max_length=120,
        help_text=_("Siapa yang memakai kunci ini, misalnya 'Aplikasi Pemkab Serang'."),
    )
    contact = models.CharField(
        _("kontak"),
        max_length=200,
        blank=True,
        help_text=_("Surel atau telepon penanggung jawab di pihak mitra."),
    )
    prefix = models.CharField(_("awalan kunci"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("batas permintaan per menit"),
        default=600,
        help_text=_("Lewat dari ini, API menjawab 429 dengan Retry-After sampai menit berikutnya."),
    )
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
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def issue(self) -> str:
        """Give this (unsaved) key a new secret; returns it: shown once, stored as a digest."""
        key = KEY_PREFIX + secrets.token_urlsafe(30)
        self.prefix, self.digest = key[:10], digest_of(key)
        return key


class ApiKeyUsage(models.Model):
    """Requests a key made in a day (counted in the shared cache, written by the worker)."""

    key = models.ForeignKey(
        ApiKey, verbose_name=_("kunci API"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("tanggal"))
    requests = models.PositiveBigIntegerField(_("permintaan"), default=0)

    class Meta:
        verbose_name = _("pemakaian kunci API")
        verbose_name_plural = _("pemakaian kunci API")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="api_usage_one_per_day")]

    def __str__(self):
        return f"{self.key.name} {self.day}: {self.requests}"
