"""Writes of live coverage: saving an entry (a change to a published one is marked as a
correction), publishing, trashing and restoring; each updates that story's page, its
update feed and the listings that show it, without emptying the rest of the page cache."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from infra import pagecache
from live.models import LiveEntry

# What readers see of an entry: a change to any of these, once published, is a correction.
SHOWN_FIELDS = ("headline", "body", "image_id", "is_key_event", "is_pinned")


def pages_of(entry: LiveEntry) -> list[str]:
    """The paths an entry shows on: its story, the story's update feed, the front page,
    the first page of the story's rubrik and region listings, and the story in the
    content API (alone and in its lists, whatever their filters)."""
    article = entry.article
    paths = [
        article.get_absolute_url(),
        reverse("reader:live-updates", args=[article.pk]),
        "/",
        reverse("api:article", args=[article.pk]),
        reverse("api:articles"),
    ]
    if article.category_id:
        paths.append(article.category.get_absolute_url())
    if article.region_id:
        paths.append(article.region.get_absolute_url())
    return paths


def _shown_to_readers(entry: LiveEntry) -> None:
    pagecache.invalidate_paths_on_commit(pages_of(entry))
    # The content API's change feed tells partners the story changed (a story not yet
    # public keeps its publish time there).
    Article.objects.filter(pk=entry.article_id, changed_at__lt=timezone.now()).update(
        changed_at=timezone.now()
    )


@transaction.atomic
def save_entry(*, entry: LiveEntry, before: LiveEntry | None, publish: bool = False) -> LiveEntry:
    """Save an entry as the desk changed it (``before``: as it was, None when new).
    ``publish``: the editor publishes it now (the caller checked the permission)."""
    now = timezone.now()
    was_public = before is not None and before.is_public
    if publish and entry.status != LiveEntry.Status.PUBLISHED:
        entry.status = LiveEntry.Status.PUBLISHED
    if entry.status == LiveEntry.Status.PUBLISHED and entry.published_at is None:
        entry.published_at = now
    if was_public and any(
        getattr(entry, field) != getattr(before, field) for field in SHOWN_FIELDS
    ):
        entry.corrected_at = now
    entry.save()
    if was_public or entry.is_public:
        _shown_to_readers(entry)
    return entry


@transaction.atomic
def trash_entry(*, entry: LiveEntry) -> None:
    """To the trash: gone from readers' pages, restorable from the admin."""
    was_public = entry.is_public
    entry.trashed_at = timezone.now()
    entry.save(update_fields=["trashed_at"])
    if was_public:
        _shown_to_readers(entry)


@transaction.atomic
def restore_entry(*, entry: LiveEntry) -> None:
    entry.trashed_at = None
    entry.save(update_fields=["trashed_at"])
    if entry.is_public:
        _shown_to_readers(entry)
