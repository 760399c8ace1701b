"""Alerts: who a story reaches, asking for one (each story once, never a draft), and the
worker's sending in batches, with breaking news at once and high urgency for an hour,
other alerts after the quiet hours; subscriptions the push service reports gone are
removed."""

import datetime
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from infra.paths import origin_of
from push import webpush
from push.models import (
    BREAKING,
    PushSend,
    PushSettings,
    PushSubscription,
    PushTopic,
    category_topic,
    region_topic,
)

logger = logging.getLogger(__name__)

BATCH = 500
BREAKING_TTL = 3600  # an hour: breaking news that arrives later is no news
OTHER_TTL = 12 * 3600


class Refused(Exception):
    """An alert that may not be sent, with the reason in the editor's language."""


def topic_key(article: Article, topic: str) -> str:
    if topic == PushSend.Topic.BREAKING:
        return BREAKING
    if topic == PushSend.Topic.REGION:
        if not article.region_id:
            raise Refused(_("Berita ini tidak punya wilayah."))
        return region_topic(article.region.code)
    if topic == PushSend.Topic.CATEGORY:
        if not article.category_id:
            raise Refused(_("Berita ini tidak punya rubrik."))
        return category_topic(article.category.slug)
    raise Refused(_("Sasaran notifikasi tidak dikenal."))


def audience(key: str):
    """The subscriptions that chose this topic (a region's alert also reaches those who
    chose its province)."""
    keys = {key}
    if key.startswith("region:") and "." in key:
        keys.add(key.rsplit(".", 1)[0])
    return PushSubscription.objects.filter(topics__key__in=keys).distinct()


def next_send_time(topic: str, now=None) -> datetime.datetime:
    """Now, or for an alert that is not breaking news, the end of the quiet hours."""
    now = timezone.localtime(now or timezone.now())
    if topic == PushSend.Topic.BREAKING:
        return now
    quiet = PushSettings.current()
    starts, ends, time = quiet.quiet_starts, quiet.quiet_ends, now.time()
    inside = (starts <= time or time < ends) if starts > ends else (starts <= time < ends)
    if not inside:
        return now
    end = now.replace(hour=ends.hour, minute=ends.minute, second=0, microsecond=0)
    return end if end > now else end + datetime.timedelta(days=1)


def request_push(*, article: Article, topic: str, user) -> PushSend:
    """Queue an alert about a published story; refused for a story not public or already
    alerted (at most once per story)."""
    if not article.is_public:
        raise Refused(_("Hanya berita yang sudah terbit yang dapat dikirim sebagai notifikasi."))
    key = topic_key(article, topic)
    try:
        with transaction.atomic():
            send = PushSend.objects.create(
                article=article,
                topic=topic,
                topic_key=key,
                title=article.headline[:200],
                sent_by=user,
                send_after=next_send_time(topic),
                audience=audience(key).count(),
            )
    except IntegrityError:
        raise Refused(_("Berita ini sudah pernah dikirim sebagai notifikasi.")) from None
    if send.send_after <= timezone.now():
        transaction.on_commit(lambda: send_alert.enqueue(send.pk))
    return send


def allowed_endpoint(endpoint: str) -> bool:
    """Only the push services named in NEWSROOM_PUSH_SERVICES receive our requests (a
    subscription cannot point the server at another address)."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    for service in settings.NEWSROOM_PUSH_SERVICES:
        scheme, _sep, name = service.rpartition("://")
        scheme = scheme or "https"
        if parts.scheme == scheme and (host == name or host.endswith("." + name)):
            return True
    return False


@task()
def send_alert(send_id: int) -> int:
    """Send one alert to its audience, in batches; returns how many were delivered. A
    second call for the same alert does nothing (claimed by ``started_at``)."""
    claimed = PushSend.objects.filter(
        pk=send_id, started_at__isnull=True, send_after__lte=timezone.now()
    ).update(started_at=timezone.now())
    if not claimed:
        return 0
    send = PushSend.objects.select_related("article").get(pk=send_id)
    breaking = send.topic == PushSend.Topic.BREAKING
    message = {
        "title": settings.SITE_NAME if not breaking else _("Berita terkini"),
        "body": send.title,
        "url": reverse("push:click", args=[send.pk]),
        "tag": f"berita-{send.article_id}",
    }
    vapid = webpush.server_key()
    signatures: dict[str, dict] = {}  # per push service, signed once for the alert
    ttl, urgency = (BREAKING_TTL, "high") if breaking else (OTHER_TTL, "normal")

    def deliver(subscription) -> int:
        receiver = webpush.Receiver(subscription.endpoint, subscription.p256dh, subscription.auth)
        if not allowed_endpoint(receiver.endpoint):
            return -1
        return webpush.send(
            receiver,
            message,
            ttl=ttl,
            urgency=urgency,
            signed=signatures[origin_of(receiver.endpoint)],
        )

    delivered = gone = failed = 0
    last = 0
    # The push services are a network round trip away: the batch's posts go out side by
    # side (their answers counted here, in this thread).
    with ThreadPoolExecutor(max_workers=settings.NEWSROOM_PUSH_CONCURRENCY) as pool:
        while True:
            batch = list(audience(send.topic_key).filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                break
            last = batch[-1].pk
            for subscription in batch:
                service = origin_of(subscription.endpoint)
                if service not in signatures:
                    signatures[service] = webpush.vapid_headers(vapid, service)
            gone_ids = []
            for subscription, status in zip(batch, pool.map(deliver, batch), strict=True):
                if 200 <= status < 300:
                    delivered += 1
                elif status in (404, 410):
                    gone += 1
                    gone_ids.append(subscription.pk)
                else:
                    failed += 1
            PushSubscription.objects.filter(pk__in=gone_ids).delete()
            PushSend.objects.filter(pk=send.pk).update(
                delivered=delivered, gone=gone, failed=failed
            )
    PushSend.objects.filter(pk=send.pk).update(finished_at=timezone.now())
    if failed:
        logger.warning("push alert %s: %s not delivered", send.pk, failed)
    return delivered


@task()
def send_due_alerts() -> int:
    """The periodic task (NEWSROOM_PERIODIC_TASKS): alerts whose quiet hours are over."""
    due = PushSend.objects.filter(started_at__isnull=True, send_after__lte=timezone.now())
    return sum(send_alert.call(pk) for pk in due.values_list("pk", flat=True))


def subscribe(*, endpoint: str, p256dh: str, auth: str, topics: list[str]) -> PushSubscription:
    """Create or update a browser's subscription with exactly these topics."""
    with transaction.atomic():
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"p256dh": p256dh, "auth": auth}
        )
        subscription.topics.all().delete()
        PushTopic.objects.bulk_create(
            [PushTopic(subscription=subscription, key=key) for key in sorted(set(topics))]
        )
    return subscription


def unsubscribe(*, endpoint: str) -> bool:
    return PushSubscription.objects.filter(endpoint=endpoint).delete()[0] > 0


def count_click(send_id: int) -> Article | None:
    """A reader opened an alert: counted; the story, if readers may still see it."""
    PushSend.objects.filter(pk=send_id).update(clicks=F("clicks") + 1)
    send = PushSend.objects.filter(pk=send_id).values_list("article_id", flat=True).first()
    return Article.objects.published().filter(pk=send).first() if send else None
