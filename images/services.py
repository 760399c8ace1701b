"""Writes for the photo library: storing a checked upload and keeping its crops current."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.module_loading import import_string

from images import renditions
from images.models import Image
from images.uploads import CleanImage
from infra import pagecache
from infra.tasks import retried

logger = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """The photo storage (disk or object storage) did not take the file."""


# Files stored during the current save, removed again if the save does not commit.
_stored: ContextVar[list | None] = ContextVar("stored_files", default=None)


@contextmanager
def files_kept_only_if_saved():
    """Around a whole save (an admin form): a photo file stored during it is deleted
    again if the save fails afterwards (the database refused or went away), so no file
    is left that no record names."""
    stored: list = []
    token = _stored.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except Exception:
                logger.warning("could not remove %s after a failed save", name, exc_info=True)
        raise
    finally:
        _stored.reset(token)


@transaction.atomic
def store_upload(
    *, clean: CleanImage, user, image: Image | None = None, make_renditions=True, **fields
) -> Image:
    """Save a checked upload as a library photo; its crops are made once it is committed
    (bulk imports pass ``make_renditions=False`` and run ``generate_renditions`` after).

    ``fields`` (alt, caption, credit, source_note, focal_x, focal_y) fill the record;
    caption and credit read from the photo's metadata fill in what the editor left empty.
    """
    image = image or Image()
    for name, value in fields.items():
        setattr(image, name, value.strip() if isinstance(value, str) else value)
    image.caption = image.caption or clean.caption
    image.credit = image.credit or clean.credit
    image.uploaded_by = user
    try:
        image.file.save(clean.content.name, clean.content, save=False)
    except Exception as error:
        raise StorageUnavailable(str(error)) from error
    if (stored := _stored.get()) is not None:
        stored.append((image.file.storage, image.file.name))
    image.save()
    if make_renditions:
        schedule_renditions(image)
    return image


def save_image(*, image: Image) -> Image:
    """Save an edited library photo; a moved focal point means new crops."""
    image.save()
    if not image.has_current_renditions:
        schedule_renditions(image)
    return image


def in_public_use(image: Image) -> bool:
    """Whether readers see the photo (the rule NEWSROOM_PHOTO_IN_PUBLIC_USE names)."""
    return import_string(settings.NEWSROOM_PHOTO_IN_PUBLIC_USE)(image)


def schedule_renditions(image: Image) -> None:
    """Queue the crops: the worker makes them (the editor's request does not wait)."""
    transaction.on_commit(lambda: generate_renditions.enqueue(image.pk))


def refresh_renditions(*, image_id: int) -> Image | None:
    """Make the crops for the image's current focal point, and drop the old ones."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return None
    if image.has_current_renditions:
        return image
    old = image.renditions or {}
    manifest = renditions.build(image)
    Image.objects.filter(pk=image.pk).update(renditions=manifest)
    image.renditions = manifest
    renditions.delete_unused(old, manifest)
    if in_public_use(image):
        pagecache.invalidate_on_commit()  # pages now offer the new crops
    return image


@task()
@retried(attempts=5, first_delay=30)
def generate_renditions(image_id: int) -> None:
    """The background task: make (or remake) the crops of one library photo."""
    refresh_renditions(image_id=image_id)


def delete_image(*, image: Image) -> None:
    """Remove a photo no article uses, with its file and crops."""
    names = renditions.names_in(image.renditions or {})
    storage = image.file.storage
    file_name = image.file.name
    image.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in (*names, file_name)])
