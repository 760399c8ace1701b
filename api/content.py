"""What the content API returns: public stories as data, the reference lists, and the
change feed. Everything starts from ``Article.objects.published()``, as the site does.

Each response costs the same number of queries whatever the size of the archive: lists
page by keyset (a cursor holding the last row's sort key), never by offset or count.
"""

import base64
import binascii
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, ArticleTombstone, Category, Correction, Region, Source
from articles.richtext import plain_text
from blocks.markup import Blocks
from blocks.models import Embed
from blocks.providers import provider_named
from images import pictures, renditions
from infra.paths import absolute, path_to
from live.models import LiveEntry
from reader.search import matching

RELATIONS = ("category", "region", "region__province", "source", "author", "lead_image")
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


class BadRequest(ValueError):
    """A parameter the API cannot use; the message says which and why (a 400)."""


# Times -----------------------------------------------------------------------------------


def iso(moment) -> str | None:
    """A moment as ISO 8601 with its offset, in the newsroom's time zone (WIB)."""
    return timezone.localtime(moment).isoformat() if moment else None


# Cursors ---------------------------------------------------------------------------------


def encode_cursor(moment, pk: int) -> str:
    raw = json.dumps([moment.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = datetime.fromisoformat(moment)
        if timezone.is_naive(moment) or not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeError, json.JSONDecodeError):
        raise BadRequest(
            "Kursor tidak sah: pakai nilai 'next_cursor' dari jawaban sebelumnya."
        ) from None
    return moment, pk


def page_size(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"'limit' harus antara 1 dan {MAX_LIMIT}.")
    return limit


# Stories ---------------------------------------------------------------------------------


def public_stories(now=None):
    """Public stories with their rubrik, region, source, author and photo joined."""
    return Article.objects.published(now).select_related(*RELATIONS)


def with_tags_and_corrections(articles: list) -> list:
    """Give each story its tags and corrections (``api_tags``, ``api_corrections``), two
    queries for any number of stories, and its live entries and blocks (``api_live``,
    ``api_blocks``: a query more for stories with entries, up to three for blocks);
    returns the stories."""
    pks = [article.pk for article in articles]
    tags, corrections = defaultdict(list), defaultdict(list)
    if pks:
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id__in=pks
        ).order_by("tag__name")
        for pk, name, slug in tagged.values_list("object_id", "tag__name", "tag__slug"):
            tags[pk].append(
                {"name": name, "slug": slug, "url": absolute(path_to("reader:tag", slug=slug))}
            )
        for correction in Correction.objects.filter(article_id__in=pks).order_by(
            "published_at", "pk"
        ):
            corrections[correction.article_id].append(correction_data(correction))
    for article in articles:
        article.api_tags, article.api_corrections = tags[article.pk], corrections[article.pk]
    entries = _live_entries(articles)
    blocks = Blocks.of(
        *(article.body for article in articles),
        *(entry.body for found in entries.values() for entry in found),
    )
    for article in articles:
        article.api_blocks = [block_data(block) for block in blocks.in_order(article.body)]
        article.api_live = live_data(article, entries.get(article.pk, []), blocks)
    return articles


def _live_entries(articles: list) -> dict[int, list]:
    live = {article.pk: article for article in articles if article.is_live_coverage}
    found = defaultdict(list)
    if live:
        for entry in LiveEntry.objects.published().filter(article_id__in=live).as_shown():
            entry.article = live[entry.article_id]  # its address, without a query
            found[entry.article_id].append(entry)
    return found


def live_data(article, entries: list, blocks: Blocks) -> dict | None:
    """A live coverage: its times and its published entries, newest first."""
    if not article.is_live_coverage:
        return None
    return {
        "starts_at": iso(article.coverage_starts_at),
        "ends_at": iso(article.coverage_ends_at),
        "is_live": article.is_live,
        "entries": [
            {
                "id": entry.pk,
                "url": absolute(entry.get_absolute_url()),
                "published_at": iso(entry.published_at),
                "updated_at": iso(entry.corrected_at),
                "headline": entry.headline,
                "body_html": entry.body,
                "body_text": plain_text(entry.body),
                "is_key_event": entry.is_key_event,
                "is_pinned": entry.is_pinned,
                "author": entry.author.byline if entry.author_id else None,
                "image": photo_data(entry.image) if entry.image_id else None,
                "blocks": [block_data(block) for block in blocks.in_order(entry.body)],
            }
            for entry in entries
        ],
    }


def block_data(block) -> dict:
    """An embed (its snapshot) or a gallery (its photos) a body names by its key."""
    if isinstance(block, Embed):
        provider = provider_named(block.provider)
        return {
            "type": "embed",
            "key": str(block.key),
            "url": block.url,
            "provider": block.provider,
            "provider_name": provider.name if provider else block.provider,
            "title": block.title,
            "author_name": block.author_name,
            "thumbnail_url": absolute(block.thumbnail.url) if block.thumbnail else None,
            "player_url": block.frame_url or None,
        }
    return {
        "type": "gallery",
        "key": str(block.key),
        "title": block.title,
        "photos": [
            {
                "photo": photo_data(photo.image),
                "caption": photo.shown_caption,
                "credit": photo.shown_credit,
            }
            for photo in block.photos.all()
        ],
    }


def stories(
    *,
    rubrik=None,
    region=None,
    tag=None,
    source=None,
    author=None,
    kind=None,
    updated_since=None,
    q=None,
    cursor=None,
    limit=None,
):
    """One page of public stories, newest first, and the cursor of the next page (None
    at the end). Filters combine; ``region`` takes a slug or a Kemendagri code, and a
    province includes its regencies and cities."""
    size = page_size(limit)
    articles = public_stories()
    if rubrik:
        articles = articles.filter(category__slug=rubrik)
    if region:
        area = Region.objects.filter(Q(slug=region) | Q(code=region)).first()
        # The site's own rule (a province includes its regencies and cities).
        articles = articles.in_region(area) if area else articles.none()
    if tag:
        articles = articles.filter(tags__slug=tag)
    if source:
        articles = articles.filter(source__slug=source)
    if author:
        articles = articles.filter(author__username=author)
    if kind:
        if kind not in Article.Kind.values:
            raise BadRequest(f"'type' harus salah satu dari: {', '.join(Article.Kind.values)}.")
        articles = articles.filter(kind=kind)
    if updated_since:
        articles = articles.filter(changed_at__gte=updated_since)
    if q:
        articles = matching(articles, q.strip()[:200])
    if cursor:
        moment, pk = decode_cursor(cursor)
        articles = articles.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk))
    rows = list(articles.order_by("-published_at", "-id")[: size + 1])
    following = None
    if len(rows) > size:
        rows = rows[:size]
        following = encode_cursor(rows[-1].published_at, rows[-1].pk)
    return with_tags_and_corrections(rows), following


def story(pk: int):
    """One public story with its tags and corrections, or None."""
    found = public_stories().filter(pk=pk).first()
    return with_tags_and_corrections([found])[0] if found else None


_LABELS = {}


def _label(choices, value) -> str:
    """A choice's label in the request's language (``get_FOO_display`` without rebuilding
    the choices' dictionary on every call: three times per story in a list)."""
    labels = _LABELS.get(choices)
    if labels is None:
        labels = _LABELS[choices] = dict(choices.choices)
    return str(labels.get(value, value))


def story_data(article) -> dict:
    """A story with everything a client needs, in one object (the API's ``Article``)."""
    return {
        "id": article.pk,
        "url": absolute(article.get_absolute_url()),
        "canonical_url": article.canonical_url,
        "api_url": absolute(path_to("api:article", pk=article.pk)),
        "headline": article.headline,
        "summary": article.summary,
        "body_html": article.body,
        "body_text": plain_text(article.body),
        "dateline": article.dateline,
        "dateline_place": article.dateline_place,
        "signoff": article.signoff,
        "published_at": iso(article.published_at),
        "updated_at": iso(article.modified_at),
        "type": article.kind,
        "type_label": _label(Article.Kind, article.kind),
        "label": "" if article.kind == Article.Kind.NEWS else _label(Article.Kind, article.kind),
        "is_paid_or_promotional": article.is_paid_or_promotional,
        "rubrik": rubrik_data(article.category) if article.category_id else None,
        "region": region_data(article.region) if article.region_id else None,
        "source": source_data(article.source) if article.source_id else None,
        "author": byline_data(article),
        "tags": article.api_tags,
        "lead_image": photo_data(article.lead_image) if article.lead_image_id else None,
        "corrections": article.api_corrections,
        "blocks": article.api_blocks,
        "live": article.api_live,
    }


def rubrik_data(category) -> dict:
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "url": absolute(category.get_absolute_url()),
    }


def region_data(region) -> dict:
    province = region.province if region.province_id else None
    return {
        "id": region.pk,
        "code": region.code,
        "name": region.name,
        "slug": region.slug,
        "level": region.level,
        "level_label": _label(Region.Level, region.level),
        "url": absolute(region.get_absolute_url()),
        "province": (
            {"code": province.code, "name": province.name, "slug": province.slug}
            if province
            else None
        ),
    }


def source_data(source) -> dict:
    return {
        "id": source.pk,
        "name": source.name,
        "slug": source.slug,
        "kind": source.kind,
        "homepage_url": source.homepage_url,
        "url": absolute(source.get_absolute_url()),
        "syndication": source.syndication,
        "syndication_label": _label(Source.Syndication, source.syndication),
        "attribution": source.attribution,
    }


def author_data(user) -> dict:
    return {
        "kind": "person",
        "name": user.byline,
        "username": user.username,
        "initials": user.initials,
        "url": absolute(user.get_absolute_url()),
    }


def byline_data(article) -> dict | None:
    """The byline: the reporter, or the outlet when the story has none (as on the page)."""
    if article.author_id:
        return author_data(article.author)
    if article.source_id:
        source = article.source
        return {
            "kind": "organization",
            "name": source.name,
            "username": "",
            "initials": "",
            "url": source.homepage_url or absolute(source.get_absolute_url()),
        }
    return None


def tag_data(tag) -> dict:
    return {
        "name": tag.name,
        "slug": tag.slug,
        "url": absolute(path_to("reader:tag", slug=tag.slug)),
    }


def photo_data(image) -> dict:
    """The lead photo with its words and every stored crop."""
    return {
        "id": image.pk,
        "caption": image.caption,
        "credit": image.credit,
        "alt": image.alt,
        "width": image.width,
        "height": image.height,
        "url": absolute(image.file.url),
        "renditions": _crops((pictures.version(image), settings.SITE_URL), image),
    }


@lru_cache(maxsize=4096)
def _crops(version: tuple, image) -> list[dict]:
    """A photo's crops as the API lists them: made once per process and version of the
    photo (its crops, file and storage: ``images.pictures.version``), as its markup is."""
    crops = []
    for ratio, rows in (image.renditions or {}).get("crops", {}).items():
        for row in rows:
            for key, _fmt, mime, _options in renditions.FORMATS:
                if key in row:
                    crops.append(
                        {
                            "ratio": ratio.replace("x", ":"),
                            "width": row["w"],
                            "height": row["h"],
                            "format": key if key != "jpg" else "jpeg",
                            "mime_type": mime,
                            "url": absolute(default_storage.url(row[key])),
                        }
                    )
    return crops


def correction_data(correction) -> dict:
    return {
        "kind": correction.kind,
        "kind_label": _label(Correction.Kind, correction.kind),
        "text": correction.text,
        "published_at": iso(correction.published_at),
    }


# Reference lists -------------------------------------------------------------------------


def rubriks() -> list[dict]:
    return [rubrik_data(c) for c in Category.objects.order_by("position", "name")]


def regions(level=None, province=None) -> list[dict]:
    """The official areas (38 provinces, 514 regencies and cities), in code order."""
    rows = Region.objects.select_related("province").order_by("code")
    if level:
        if level not in Region.Level.values:
            raise BadRequest(f"'level' harus salah satu dari: {', '.join(Region.Level.values)}.")
        rows = rows.filter(level=level)
    if province:
        rows = rows.filter(Q(province__code=province) | Q(province__slug=province))
    return [region_data(r) for r in rows]


def sources() -> list[dict]:
    return [source_data(s) for s in Source.objects.order_by("name")]


def authors() -> list[dict]:
    """Everyone with a byline on a public story."""
    users = get_user_model().objects.filter(
        Exists(Article.objects.published().filter(author=OuterRef("pk")))
    )
    return [author_data(u) for u in users.order_by("first_name", "last_name", "username")]


# The change feed --------------------------------------------------------------------------

PUBLISHED, UPDATED, CORRECTED = "published", "updated", "corrected"
UNPUBLISHED, TRASHED, TAKEN_DOWN, DELETED = "unpublished", "trashed", "taken_down", "deleted"
WITHDRAWN = {UNPUBLISHED, TRASHED, TAKEN_DOWN, DELETED}
BEGINNING = datetime(1970, 1, 1, tzinfo=UTC)
# A save within this of the publish time is the publishing itself.
SAME_MOMENT = timedelta(seconds=60)


def _change_of(article) -> str:
    if article.taken_down_at:
        return TAKEN_DOWN
    if article.trashed_at:
        return TRASHED
    if article.status != Article.Status.PUBLISHED:
        return UNPUBLISHED
    if article.changed_at - article.published_at <= SAME_MOMENT:
        return PUBLISHED
    corrected = article.last_correction_at
    if corrected and abs(article.changed_at - corrected) <= SAME_MOMENT:
        return CORRECTED
    return UPDATED


def _withdrawn(pk: int, change: str, moment) -> dict:
    """A change entry without the story's content: a tombstone, or the start of any entry."""
    return {
        "id": pk,
        "change": change,
        "changed_at": iso(moment),
        "url": absolute(path_to("reader:detail-short", pk=pk)),
        "api_url": None,
        "headline": None,
        "reason": None,
        "note": None,
    }


def _entry(article) -> dict:
    change = _change_of(article)
    entry = _withdrawn(article.pk, change, article.changed_at)
    if change == TAKEN_DOWN:
        # What readers see at the story's address (410): the grounds and the public note.
        entry["reason"] = article.get_takedown_reason_display()
        entry["note"] = article.takedown_note
    elif change not in WITHDRAWN:
        entry["api_url"] = absolute(path_to("api:article", pk=article.pk))
        entry["headline"] = article.headline
    return entry


def changes(*, since=None, cursor=None, limit=None, now=None):
    """Every story whose public state changed, oldest change first, from ``since`` or
    after ``cursor``; and the cursor to ask again with (always given: at the end it marks
    where the client stands). Only stories readers could see at some moment appear;
    withdrawn ones come as tombstones without their content. The feed stays
    ``NEWSROOM_API_CHANGES_SETTLE_SECONDS`` behind the present."""
    size = page_size(limit)
    settled = (now or timezone.now()) - timedelta(
        seconds=settings.NEWSROOM_API_CHANGES_SETTLE_SECONDS
    )
    after = decode_cursor(cursor) if cursor else None
    articles = Article.objects.filter(
        published_at__isnull=False, published_at__lte=settled, changed_at__lte=settled
    )
    tombstones = ArticleTombstone.objects.filter(deleted_at__lte=settled)
    if after:
        moment, pk = after
        articles = articles.filter(Q(changed_at__gt=moment) | Q(changed_at=moment, pk__gt=pk))
        tombstones = tombstones.filter(
            Q(deleted_at__gt=moment) | Q(deleted_at=moment, article_id__gt=pk)
        )
    elif since:
        articles = articles.filter(changed_at__gt=since)
        tombstones = tombstones.filter(deleted_at__gt=since)
    articles = (
        articles.only(
            "pk",
            "headline",
            "status",
            "published_at",
            "changed_at",
            "trashed_at",
            "taken_down_at",
            "takedown_reason",
            "takedown_note",
        )
        .annotate(
            last_correction_at=Subquery(
                Correction.objects.filter(article=OuterRef("pk"))
                .order_by("-published_at")
                .values("published_at")[:1]
            )
        )
        .order_by("changed_at", "id")[: size + 1]
    )
    rows = [((a.changed_at, a.pk), _entry(a)) for a in articles]
    rows += [
        ((t.deleted_at, t.article_id), _withdrawn(t.article_id, DELETED, t.deleted_at))
        for t in tombstones.order_by("deleted_at", "article_id")[: size + 1]
    ]
    rows.sort(key=lambda row: row[0])
    more = len(rows) > size
    rows = rows[:size]
    if rows:
        last = rows[-1][0]
        following = encode_cursor(*last)
    elif after:
        following = cursor
    else:
        # Nothing yet: the client continues from its ``since``, or from the beginning.
        following = encode_cursor(since or BEGINNING, 0)
    return [entry for _key, entry in rows], following, more
