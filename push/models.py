"""Web push: readers' subscriptions with their topics, the alerts sent (each story at
most once, with how many were delivered and clicked), and the desk's settings (quiet
hours, the server's VAPID key)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

BREAKING = "breaking"


def region_topic(code: str) -> str:
    return f"region:{code}"


def category_topic(slug: str) -> str:
    return f"rubrik:{slug}"


class PushSubscription(models.Model):
    """One browser that agreed to alerts: where to send them and the keys to encrypt
    them with (no cookie, no account: the endpoint is the only identity)."""

    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("langganan notifikasi")
        verbose_name_plural = _("langganan notifikasi")
        ordering = ["-created_at"]

    def __str__(self):
        return self.endpoint[:60]

    def get_absolute_url(self):
        return reverse("admin:push_pushsubscription_change", args=[self.pk])


class PushTopic(models.Model):
    """A topic a subscription chose: ``breaking``, ``region:<code>``, ``rubrik:<slug>``."""

    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="topics"
    )
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "subscription"], name="push_topic_once")
        ]

    def __str__(self):
        return self.key

    def get_absolute_url(self):
        return self.subscription.get_absolute_url()


class PushSettings(models.Model):
    """The desk's settings (one row): quiet hours for alerts that are not breaking news,
    and the server's VAPID key (made on first use unless NEWSROOM_VAPID_PRIVATE_KEY)."""

    quiet_starts = models.TimeField(
        _("jam tenang mulai"),
        default=datetime.time(22, 0),
        help_text=_("Notifikasi selain berita terkini menunggu sampai jam tenang selesai."),
    )
    quiet_ends = models.TimeField(_("jam tenang selesai"), default=datetime.time(5, 0))
    vapid_private_key = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")

    def __str__(self):
        return str(_("Pengaturan notifikasi"))

    def get_absolute_url(self):
        return reverse("admin:push_pushsettings_change", args=[self.pk])

    @classmethod
    def current(cls) -> "PushSettings":
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class PushSend(models.Model):
    """An alert about one story: sent at most once (the story is unique here)."""

    class Topic(models.TextChoices):
        BREAKING = BREAKING, _("Berita terkini (semua pelanggan berita terkini)")
        REGION = "region", _("Wilayah berita ini")
        CATEGORY = "category", _("Rubrik berita ini")

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.PROTECT,
        related_name="push_send",
        verbose_name=_("berita"),
    )
    topic = models.CharField(_("sasaran"), max_length=20, choices=Topic.choices)
    topic_key = models.CharField(max_length=80, editable=False)
    title = models.CharField(_("judul notifikasi"), max_length=200)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dikirim oleh"),
    )
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    send_after = models.DateTimeField(_("dikirim mulai"))
    started_at = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    audience = models.PositiveIntegerField(_("pelanggan"), default=0)
    delivered = models.PositiveIntegerField(_("terkirim"), default=0)
    gone = models.PositiveIntegerField(_("langganan hilang"), default=0)
    failed = models.PositiveIntegerField(_("gagal"), default=0)
    clicks = models.PositiveIntegerField(_("diklik"), default=0)

    class Meta:
        verbose_name = _("notifikasi terkirim")
        verbose_name_plural = _("notifikasi terkirim")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["finished_at", "send_after"], name="push_send_due")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:push_pushsend_change", args=[self.pk])
