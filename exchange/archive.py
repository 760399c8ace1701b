"""A portable copy of all content: ``export_content`` writes it, ``import_content`` restores
it into an empty site. One zip file: JSON for the records (articles one per line), the
photos' files beside them. Records refer to each other by natural keys (slugs, codes,
user names), so the archive does not depend on database ids.

The archive holds user records with their password hashes: treat it as confidential.
"""

import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    BreakingNews,
    Category,
    Correction,
    LegacyURL,
    Region,
    Source,
)
from blocks.models import Embed, Gallery, GalleryPhoto
from images.models import Image
from images.services import schedule_renditions
from infra import pagecache
from pages.models import SitePage

FORMAT = "newsroom-export"
VERSION = 2
# Version 1 archives carry the fields' names from before migration articles 0010.
RENAMED_SINCE_VERSION_1 = {
    "top_story_until": "top_story_ends_at",
    "pinned_until": "pin_ends_at",
    "embargo_until": "embargo_ends_at",
    "involves_vulnerable": "has_vulnerable_subject",
    "feed_publishes": "is_feed_published_directly",
}

ARTICLE_FIELDS = (
    "headline", "slug", "summary", "body", "kind", "dateline_place", "signoff", "status",
    "published_at", "created_at", "updated_at", "is_top_story", "top_story_ends_at",
    "is_pinned", "pin_ends_at", "original_url", "embargo_ends_at", "has_vulnerable_subject",
    "identities_masked_at", "trashed_at", "taken_down_at", "takedown_reason",
    "takedown_note", "lock_version", "import_key", "fingerprint",
)  # fmt: skip
USER_FIELDS = (
    "username", "password", "first_name", "last_name", "email", "is_active", "is_staff",
    "is_superuser", "initials", "bio", "language", "date_joined",
)  # fmt: skip
IMAGE_FIELDS = (
    "alt", "caption", "credit", "source_note", "focal_x", "focal_y", "width", "height",
    "uploaded_at", "import_key",
)  # fmt: skip
EMBED_FIELDS = (
    "url", "provider", "title", "author_name", "author_url", "html", "frame_url",
    "fetched_at", "problem", "created_at",
)  # fmt: skip
PAGE_FIELDS = (
    "kind", "title", "body", "company_name", "address", "contact", "person_in_charge",
    "editorial_staff",
)  # fmt: skip


class ArchiveError(Exception):
    pass


def _value(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _plain(obj, fields) -> dict:
    return {name: _value(getattr(obj, name)) for name in fields}


def _parse(record: dict, datetimes=()) -> dict:
    return {
        key: (datetime.fromisoformat(value) if key in datetimes and value else value)
        for key, value in record.items()
    }


def _image_key(image) -> str:
    return image.file.name if image else ""


def export_content(path) -> dict:
    """Write every piece of content to a zip archive; return the counts."""
    users = get_user_model().objects.select_related("photo").order_by("pk")
    counts = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def put(name, rows):
            archive.writestr(f"data/{name}.json", json.dumps(rows, ensure_ascii=False, indent=1))
            counts[name] = len(rows)

        put(
            "categories",
            [
                _plain(c, ("name", "slug", "description", "position"))
                for c in Category.objects.all()
            ],
        )
        put(
            "sources",
            [
                _plain(
                    s,
                    (
                        "name",
                        "slug",
                        "kind",
                        "homepage_url",
                        "dateline_label",
                        "syndication",
                        "feed_url",
                        "is_feed_published_directly",
                        "attribution",
                    ),
                )
                for s in Source.objects.all()
            ],
        )
        images = []
        for image in Image.objects.prefetch_related("tags").order_by("pk"):
            name = image.file.name
            with image.file.open("rb") as handle:
                archive.writestr(f"files/{name}", handle.read())
            images.append(
                {**_plain(image, IMAGE_FIELDS), "file": name, "tags": sorted(image.tags.names())}
            )
        put("images", images)
        put("embeds", [_embed_record(embed, archive) for embed in Embed.objects.order_by("pk")])
        galleries = Gallery.objects.prefetch_related("photos__image").order_by("pk")
        put("galleries", [_gallery_record(gallery) for gallery in galleries])
        put(
            "users",
            [
                {
                    **_plain(u, USER_FIELDS),
                    "photo": _image_key(u.photo),
                    "groups": sorted(u.groups.values_list("name", flat=True)),
                }
                for u in users
            ],
        )
        put("tags", [{"name": t.name, "slug": t.slug} for t in Tag.objects.order_by("pk")])
        put("pages", [_plain(p, PAGE_FIELDS) for p in SitePage.objects.all()])
        articles = (
            Article.objects.select_related("category", "region", "source", "author", "lead_image")
            .prefetch_related("tags", "corrections__created_by")
            .order_by("pk")
        )
        lines, count = [], 0
        for article in articles.iterator(chunk_size=500):
            lines.append(json.dumps(_article_record(article), ensure_ascii=False))
            count += 1
        archive.writestr("data/articles.jsonl", "\n".join(lines) + ("\n" if lines else ""))
        counts["articles"] = count
        put(
            "breaking_news",
            [
                {
                    "text": b.text,
                    "expires_at": _value(b.expires_at),
                    "created_at": _value(b.created_at),
                    "article": _reference(b.article) if b.article_id else None,
                }
                for b in BreakingNews.objects.select_related("article")
            ],
        )
        put(
            "legacy_urls",
            [
                {"old_path": u.old_path, **_target(u)}
                for u in LegacyURL.objects.select_related("article", "category", "tag")
            ],
        )
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().isoformat(),
            "counts": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    return counts


def _embed_record(embed, archive) -> dict:
    record = {**_plain(embed, EMBED_FIELDS), "key": str(embed.key), "thumbnail": ""}
    if embed.thumbnail:
        with embed.thumbnail.open("rb") as handle:
            archive.writestr(f"files/{embed.thumbnail.name}", handle.read())
        record["thumbnail"] = embed.thumbnail.name
    return record


def _gallery_record(gallery) -> dict:
    return {
        "key": str(gallery.key),
        "title": gallery.title,
        "created_at": _value(gallery.created_at),
        "photos": [
            {
                "image": _image_key(photo.image),
                "position": photo.position,
                "caption": photo.caption,
                "credit": photo.credit,
            }
            for photo in gallery.photos.all()
        ],
    }


def _article_record(article) -> dict:
    return {
        **_plain(article, ARTICLE_FIELDS),
        "ref": _reference(article),
        "category": article.category.slug if article.category_id else None,
        "region": article.region.code if article.region_id else None,
        "source": article.source.slug if article.source_id else None,
        "author": article.author.username if article.author_id else None,
        "lead_image": _image_key(article.lead_image),
        "tags": sorted(article.tags.names()),
        "corrections": [
            {
                "kind": c.kind,
                "text": c.text,
                "published_at": _value(c.published_at),
                "created_by": c.created_by.username if c.created_by_id else None,
            }
            for c in article.corrections.all()
        ],
    }


def _reference(article) -> str:
    """A stable name for an article inside the archive."""
    return article.import_key or f"article:{article.pk}"


def _target(legacy) -> dict:
    if legacy.article_id:
        return {"article": _reference(legacy.article)}
    if legacy.category_id:
        return {"category": legacy.category.slug}
    if legacy.tag_id:
        return {"tag": legacy.tag.slug}
    return {}


@dataclass
class ImportReport:
    counts: dict = field(default_factory=dict)


# What a damaged or foreign archive raises while it is read and restored: each becomes
# an ArchiveError, after everything written so far has been undone.
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    ValidationError,
    DatabaseError,
)
# A member that unpacks to more than this many times its packed size is a zip bomb.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 50_000_000


def import_content(path, *, dry_run: bool = False) -> ImportReport:
    """Restore an archive into an empty site (regions loaded, no articles yet).

    All or nothing: a truncated, damaged or foreign file is refused with an ArchiveError
    and leaves neither rows nor stored photos behind."""
    if Article.objects.exists():
        raise ArchiveError("Situs ini sudah berisi artikel: impor hanya ke situs kosong.")
    if not Region.objects.exists():
        raise ArchiveError("Data wilayah belum dimuat: jalankan 'manage.py load_regions' dulu.")
    stored = []
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(archive)
            try:
                manifest = json.loads(archive.read("manifest.json"))
            except KeyError:
                manifest = {}
            version = manifest.get("version") if isinstance(manifest, dict) else None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ArchiveError("Berkas ini bukan arsip ekspor Newsroom yang dikenal.")
            if version not in (1, VERSION):
                raise ArchiveError("Berkas ini bukan arsip ekspor Newsroom yang dikenal.")
            renamed = RENAMED_SINCE_VERSION_1 if version == 1 else {}

            def rows(name, *, optional=False):
                if optional and f"data/{name}.json" not in archive.namelist():
                    return []  # an archive from before this part existed
                return [
                    _with_names(row, renamed)
                    for row in json.loads(archive.read(f"data/{name}.json"))
                ]

            report = ImportReport()
            with transaction.atomic():
                _restore(archive, rows, report, stored, renamed)
                if dry_run:
                    transaction.set_rollback(True)
    except DAMAGED as error:
        _delete(stored)
        raise ArchiveError(
            f"Arsip rusak atau tidak lengkap, tidak ada yang dipulihkan ({_described(error)})."
        ) from error
    except BaseException:
        _delete(stored)
        raise
    if dry_run:
        _delete(stored)  # a dry run removes only what it wrote
    else:
        pagecache.invalidate()
    return report


def _check_sizes(archive) -> None:
    for member in archive.infolist():
        unpacked, packed = member.file_size, max(member.compress_size, 1)
        if unpacked > RATIO_CHECKED_FROM and unpacked > MAX_RATIO * packed:
            raise ArchiveError(
                f"Arsip ditolak: '{member.filename}' membengkak dari {packed:,} menjadi "
                f"{unpacked:,} byte."
            )


def _described(error) -> str:
    if isinstance(error, KeyError):
        missing = str(error.args[0]) if error.args else ""
        member = re.search(r"named '([^']+)'", missing)  # zipfile's wording
        return f"tidak ada '{member[1]}'" if member else f"tidak ada kolom '{missing}'"
    return f"{type(error).__name__}: {error}"[:300]


def _delete(names) -> None:
    for name in names:
        default_storage.delete(name)


def _store(name: str, data: bytes) -> tuple[str, bool]:
    """Keep the photo's stored name (its address): reuse an identical file already there.
    Returns the name and whether a file was written."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            if handle.read() == data:
                return name, False
    return default_storage.save(name, ContentFile(data)), True


def _with_names(row, renamed: dict):
    """An archive row with the fields' current names."""
    if not renamed or not isinstance(row, dict):
        return row
    return {renamed.get(name, name): value for name, value in row.items()}


def _restore_blocks(archive, rows, images, stored) -> None:
    """Embeds and galleries under their own keys, which the bodies name."""
    for row in rows("embeds", optional=True):
        fields = _parse({name: row[name] for name in EMBED_FIELDS}, ("fetched_at", "created_at"))
        embed = Embed.objects.filter(url=fields["url"]).first() or Embed(key=row["key"])
        for name, value in fields.items():
            setattr(embed, name, value)
        embed.key = row["key"]
        if row["thumbnail"]:
            name, created = _store(row["thumbnail"], archive.read(f"files/{row['thumbnail']}"))
            if created:
                stored.append(name)
            embed.thumbnail.name = name
        embed.save()
    for row in rows("galleries", optional=True):
        gallery, created = Gallery.objects.get_or_create(
            key=row["key"], defaults={"title": row["title"]}
        )
        if not created:
            continue  # already here (a gallery is made once; its photos with it)
        Gallery.objects.filter(pk=gallery.pk).update(
            created_at=datetime.fromisoformat(row["created_at"])
        )
        GalleryPhoto.objects.bulk_create(
            GalleryPhoto(
                gallery=gallery,
                image=images[photo["image"]],
                position=photo["position"],
                caption=photo["caption"],
                credit=photo["credit"],
            )
            for photo in row["photos"]
        )


def _restore(archive, rows, report, stored, renamed) -> None:
    categories = {}
    for row in rows("categories"):
        categories[row["slug"]] = Category.objects.update_or_create(slug=row["slug"], defaults=row)[
            0
        ]
    sources = {}
    for row in rows("sources"):
        sources[row["slug"]] = Source.objects.update_or_create(slug=row["slug"], defaults=row)[0]
    images = {}
    for row in rows("images"):
        data = archive.read(f"files/{row['file']}")
        name, created = _store(row["file"], data)
        if created:
            stored.append(name)  # removed again by a dry run or a failed restore
        fields = _parse(
            {k: v for k, v in row.items() if k not in ("file", "tags")}, ("uploaded_at",)
        )
        image = Image(**fields)
        image.file.name = name
        image.save()
        Image.objects.filter(pk=image.pk).update(uploaded_at=fields["uploaded_at"])
        image.tags.set(row["tags"])
        schedule_renditions(image)
        images[row["file"]] = image
    _restore_blocks(archive, rows, images, stored)
    users = {}
    User = get_user_model()
    for row in rows("users"):
        fields = _parse(
            {k: v for k, v in row.items() if k not in ("photo", "groups")}, ("date_joined",)
        )
        user, _created = User.objects.update_or_create(username=row["username"], defaults=fields)
        user.photo = images.get(row["photo"])
        user.save(update_fields=["photo"])
        user.groups.set(Group.objects.filter(name__in=row["groups"]))
        users[row["username"]] = user
    for row in rows("tags"):
        Tag.objects.get_or_create(name=row["name"], defaults={"slug": row["slug"]})
    for row in rows("pages"):
        SitePage.objects.update_or_create(kind=row["kind"], defaults=row)
    regions = dict(Region.objects.values_list("code", "pk"))
    articles = {}
    datetimes = (
        "published_at",
        "created_at",
        "updated_at",
        "top_story_ends_at",
        "pin_ends_at",
        "embargo_ends_at",
        "identities_masked_at",
        "trashed_at",
        "taken_down_at",
    )
    for line in archive.read("data/articles.jsonl").decode().splitlines():
        if not line.strip():
            continue
        row = _with_names(json.loads(line), renamed)
        fields = _parse({name: row[name] for name in ARTICLE_FIELDS}, datetimes)
        article = Article(
            **fields,
            category=categories.get(row["category"]),
            region_id=regions.get(row["region"]),
            source=sources.get(row["source"]),
            author=users.get(row["author"]),
            lead_image=images.get(row["lead_image"]),
        )
        article.save()
        # save() stamps the times and the version; the archive's are the true ones.
        Article.objects.filter(pk=article.pk).update(
            created_at=fields["created_at"],
            updated_at=fields["updated_at"],
            lock_version=fields["lock_version"],
        )
        article.tags.set(row["tags"])
        for correction in row["corrections"]:
            Correction.objects.create(
                article=article,
                kind=correction["kind"],
                text=correction["text"],
                published_at=datetime.fromisoformat(correction["published_at"]),
                created_by=users.get(correction["created_by"]),
            )
        articles[row["ref"]] = article
    for row in rows("breaking_news"):
        BreakingNews.objects.create(
            text=row["text"],
            expires_at=datetime.fromisoformat(row["expires_at"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            article=articles.get(row["article"]),
        )
    for row in rows("legacy_urls"):
        LegacyURL.objects.update_or_create(
            old_path=row["old_path"],
            defaults={
                "article": articles.get(row.get("article")),
                "category": categories.get(row.get("category")),
                "tag": Tag.objects.filter(slug=row.get("tag")).first() if row.get("tag") else None,
            },
        )
    report.counts = {
        "articles": len(articles),
        "images": len(images),
        "users": len(users),
        "categories": len(categories),
        "sources": len(sources),
    }
