"""Moving a WordPress site into Newsroom: the writes behind ``manage.py import_wordpress``.

Terms, authors and attachments are read in a first pass over the export, posts in a
second, both streaming (see ``exchange.wordpress``). Posts are written in batches: one
query finds which exist (keyed on the WordPress post id), new ones are bulk-created and
known ones updated, so re-running an import updates instead of duplicating. Every old
address (the permalink, ``/?p=123``, category and tag pages) is kept as a LegacyURL that
answers 301 to the new page.
"""

import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles import datelines
from articles.models import Article, Category, LegacyURL, Source, slug_from
from articles.places import PlaceIndex
from blocks.services import create_gallery, embed_bare_links
from exchange import wordpress
from images.models import Image
from images.services import store_upload
from images.uploads import clean_upload
from infra import pagecache

STATUS = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
    "private": Article.Status.DRAFT,
    "trash": Article.Status.DRAFT,
}
FIELDS = (
    "headline",
    "slug",
    "summary",
    "body",
    "category",
    "region",
    "source",
    "author",
    "dateline_place",
    "signoff",
    "status",
    "published_at",
    "lead_image",
    "trashed_at",
    "updated_at",
)
BATCH = 500


@dataclass
class WordPressReport:
    created: int = 0
    updated: int = 0
    authors: int = 0
    categories: int = 0
    tags: int = 0
    images: int = 0
    redirects: int = 0
    skipped: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def posts(self) -> int:
        return self.created + self.updated

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class Importer:
    def __init__(
        self, *, uploads: Path | None, report: WordPressReport, progress=None, dry_run=False
    ):
        self.uploads = Path(uploads) if uploads else None
        self.dry_run = dry_run
        self.report = report
        self.progress = progress or (lambda report: None)
        self.places = PlaceIndex.load()
        self.users: dict[str, int] = {}
        self.categories: dict[str, Category] = {}
        self.category_parents: dict[str, str] = {}
        self.tags: dict[str, int] = {}
        self.attachments: dict[int, wordpress.Attachment] = {}
        self.sources: dict[str, Source] = {}
        self.article_type = ContentType.objects.get_for_model(Article)

    # --- first pass: who and what the posts refer to ---------------------------------------

    def read_references(self, path) -> None:
        for record in wordpress.read(path, kinds=("author", "category", "tag", "attachment")):
            if isinstance(record, wordpress.BadItem):
                self.report.problems.append(f"item {record.post_id}: {record}")
            elif isinstance(record, wordpress.Author):
                self.author(record)
            elif isinstance(record, wordpress.Term) and record.kind == "category":
                self.category(record.slug, record.name, record.description)
                self.category_parents[record.slug] = record.parent
            elif isinstance(record, wordpress.Term):
                self.tag(record.name)
            elif isinstance(record, wordpress.Attachment):
                self.attachments[record.post_id] = record
        for slug, category in self.categories.items():
            self.redirect(f"/category/{self.category_path(slug)}/", category=category)

    def author(self, author: wordpress.Author) -> int:
        """A WordPress author becomes an inactive user (invited later) with their byline."""
        users = get_user_model().objects
        username = f"wp-{author.login}"[:150]
        user = users.filter(username=username).first()
        if user is None:
            first, _space, last = (author.display_name or author.login).partition(" ")
            user = users.create(
                username=username,
                email=author.email,
                first_name=(author.first_name or first)[:150],
                last_name=(author.last_name or last)[:150],
                is_active=False,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            self.report.authors += 1
        self.users[author.login] = user.pk
        return user.pk

    def category(self, slug: str, name: str, description: str = "") -> Category:
        slug = slugify(slug) or slugify(name) or "rubrik"
        if slug not in self.categories:
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                name = name or slug
                if Category.objects.filter(name=name).exists():
                    name = f"{name} ({slug})"
                category = Category.objects.create(
                    name=name[:80], slug=slug[:80], description=description
                )
                self.report.categories += 1
            self.categories[slug] = category
        return self.categories[slug]

    def category_path(self, slug: str) -> str:
        """'parent/child' for nested WordPress categories (guarding against loops)."""
        parts, seen = [slug], {slug}
        while (parent := self.category_parents.get(parts[0])) and parent not in seen:
            parts.insert(0, parent)
            seen.add(parent)
        return "/".join(parts)

    def tag(self, name: str) -> int:
        name = name.strip()[:100]
        if name not in self.tags:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                slug, number = slugify(name)[:90] or "tag", 1
                while Tag.objects.filter(slug=slug).exists():
                    number += 1
                    slug = f"{slugify(name)[:85] or 'tag'}-{number}"
                tag = Tag.objects.create(name=name, slug=slug)
                self.report.tags += 1
            self.tags[name] = tag.pk
            self.redirect(f"/tag/{tag.slug}/", tag=tag)
        return self.tags[name]

    def redirect(self, old_path: str, **target) -> None:
        if len(old_path) > 500 or old_path in ("/", ""):
            return
        LegacyURL.objects.update_or_create(old_path=old_path, defaults=target)
        self.report.redirects += 1

    # --- images -------------------------------------------------------------------------

    def library_image(
        self, key: str, relative: str, *, alt: str, caption: str = ""
    ) -> Image | None:
        """A file from the local copy of wp-content/uploads, checked and cleaned into the
        library once (re-runs find it again by its key)."""
        existing = Image.objects.filter(import_key=key).first()
        if existing or not self.uploads or not relative:
            return existing
        source = (self.uploads / relative).resolve()
        if not source.is_file() or self.uploads.resolve() not in source.parents:
            self.report.problems.append(f"berkas {relative}: tidak ada di folder uploads")
            return None
        if self.dry_run:
            self.report.images += 1  # found; a dry run writes no files
            return None
        try:
            upload = SimpleUploadedFile(source.name, source.read_bytes(), content_type="")
            image = store_upload(
                clean=clean_upload(upload),
                user=None,
                make_renditions=False,
                alt=(alt or source.stem)[:250],
                caption=caption[:500],
            )
        except ValidationError as error:
            self.report.problems.append(f"berkas {relative}: {' '.join(error.messages)}")
            return None
        Image.objects.filter(pk=image.pk).update(import_key=key)
        self.report.images += 1
        return image

    def attachment_image(self, attachment_id, post) -> Image | None:
        attachment = self.attachments.get(attachment_id) if attachment_id else None
        if attachment is None:
            return None
        return self.library_image(
            f"wp-attachment:{attachment.post_id}",
            attachment.path,
            alt=attachment.alt or attachment.title or post.title,
            caption=strip_tags(attachment.caption),
        )

    def featured(self, post) -> Image | None:
        return self.attachment_image(post.thumbnail_id, post)

    def inline_image_url(self, url: str) -> str | None:
        marker = "/wp-content/uploads/"
        if marker not in url:
            return None
        relative = url.split(marker, 1)[1].split("?", 1)[0]
        image = self.library_image(f"wp-file:{relative}", relative, alt="")
        return default_storage.url(image.file.name) if image else None

    # --- second pass: the posts ----------------------------------------------------------

    def read_posts(self, path) -> None:
        batch = []
        for record in wordpress.read(path, kinds=("post",)):
            if isinstance(record, wordpress.BadItem):
                self.report.problems.append(f"post {record.post_id}: {record}")
                self.report.skip("rusak")
                continue
            if record.status in ("auto-draft", "inherit") or record.status not in STATUS:
                self.report.skip(f"status {record.status or 'kosong'}")
                continue
            batch.append(record)
            if len(batch) >= BATCH:
                self.write(batch)
                batch = []
        if batch:
            self.write(batch)

    def write(self, posts) -> None:
        with transaction.atomic():
            keys = {f"wp:{post.post_id}": post for post in posts}
            existing = {a.import_key: a for a in Article.objects.filter(import_key__in=keys)}
            new, changed, tagging = [], [], []
            for key, post in keys.items():
                try:
                    article = self.article(post, existing.get(key) or Article(import_key=key))
                except Exception as error:
                    self.report.problems.append(f"post {post.post_id}: {error}")
                    self.report.skip("rusak")
                    continue
                (changed if article.pk else new).append(article)
                tagging.append((article, post))
            Article.objects.bulk_create(new, batch_size=BATCH)
            Article.objects.bulk_update(changed, FIELDS, batch_size=BATCH)
            self.tag_articles(tagging, updated=[a.pk for a in changed])
            self.keep_old_addresses(tagging)
            self.report.created += len(new)
            self.report.updated += len(changed)
        self.progress(self.report)

    def gallery(self, post, ids: list[int]) -> str:
        """A [gallery ids=…] of this post as a gallery block of the imported photos (the
        same gallery again on a re-run)."""
        images = (self.attachment_image(attachment_id, post) for attachment_id in ids)
        photos = [{"id": image.pk} for image in images if image]
        if self.dry_run:
            return ""
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"wp-gallery:{post.post_id}:{ids}")
        try:
            gallery = create_gallery(title=post.title or "Galeri", photos=photos, key=key)
        except ValidationError as error:
            self.report.problems.append(f"post {post.post_id}: galeri: {' '.join(error.messages)}")
            return ""
        return gallery.placeholder(gallery.photos.count())

    def article(self, post, article: Article) -> Article:
        body_field = Article._meta.get_field("body")
        html = wordpress.to_html(
            post.content, self.inline_image_url, lambda ids: self.gallery(post, ids)
        )
        body = body_field.sanitize(html)
        if not self.dry_run:
            # Links alone on their line (WordPress auto-embedded them) become embeds; their
            # snapshots are fetched by the worker, not during the import.
            body, _notes = embed_bare_links(body, fetch=False)
        place, label, body, signoff = self.dateline_and_signoff(body)
        text = strip_tags(body)
        suggestion = self.places.suggest(dateline=place, text=f"{post.title}\n{text[:1500]}")
        status = STATUS[post.status]
        article.headline = (post.title or "(tanpa judul)")[:200]
        article.slug = slug_from(post.slug or post.title)
        article.summary = strip_tags(post.excerpt)[:400]
        article.body = body
        primary = post.categories[0] if post.categories else None
        article.category = self.category(*primary) if primary else None
        article.region = suggestion.region
        article.source = self.source(label) if label else article.source
        article.author_id = self.users.get(post.author)
        article.dateline_place = place.upper()[:60]
        article.signoff = signoff[:10]
        article.status = status
        article.published_at = post.date_gmt if status == Article.Status.PUBLISHED else None
        article.lead_image = self.featured(post) or article.lead_image
        article.trashed_at = timezone.now() if post.status == "trash" else None
        article.updated_at = timezone.now()
        article.lock_version = (article.lock_version or 0) + 1
        if post.status == "private":
            self.report.problems.append(f"post {post.post_id}: pribadi, diimpor sebagai draf")
        return article

    def dateline_and_signoff(self, body: str):
        """'SERANG, beritaindonesianet– ...' opening and '(str)' closing become fields."""
        place = label = signoff = ""
        if body.startswith("<p>") and "</p>" in body:
            first_end = body.index("</p>")
            first = body[3:first_end]
            if "<" not in first:
                dateline = datelines.parse_dateline(strip_tags(first))
                if dateline:
                    place, label = dateline.place, dateline.label
                    body = f"<p>{escape(dateline.rest)}</p>" + body[first_end + 4 :]
        if body.endswith("</p>"):
            last_start = body.rfind("<p>")
            last = body[last_start + 3 : -4]
            if "<" not in last:
                text, initials = datelines.split_signoff(last)
                if initials:
                    signoff = initials
                    body = body[:last_start] + (f"<p>{text}</p>" if text.strip() else "")
        return place, label, body, signoff

    def source(self, label: str) -> Source:
        key = label.casefold()
        if key not in self.sources:
            source = Source.objects.filter(dateline_label__iexact=label).first()
            if source is None:
                source = Source.objects.create(
                    name=label[:120],
                    slug=slugify(label)[:120] or "sumber",
                    dateline_label=label[:60],
                )
            self.sources[key] = source
        return self.sources[key]

    def tag_articles(self, tagging, *, updated) -> None:
        TaggedItem.objects.filter(content_type=self.article_type, object_id__in=updated).delete()
        rows = []
        for article, post in tagging:
            names = [name for _slug, name in post.tags]
            names += [name for _slug, name in post.categories[1:]]  # extra categories kept
            for tag_id in dict.fromkeys(self.tag(name) for name in names if name.strip()):
                rows.append(
                    TaggedItem(content_type=self.article_type, object_id=article.pk, tag_id=tag_id)
                )
        TaggedItem.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)

    def keep_old_addresses(self, tagging) -> None:
        rows = []
        for article, post in tagging:
            rows.append(LegacyURL(old_path=f"?p={post.post_id}", article=article))
            path = wordpress.link_path(post.link) if post.link else ""
            if path and path != "/" and len(path) <= 500 and not path.startswith("/?"):
                rows.append(LegacyURL(old_path=path, article=article))
        LegacyURL.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["article"],
        )
        self.report.redirects += len(rows)


def import_wordpress(*, path, uploads=None, dry_run=False, progress=None) -> WordPressReport:
    """Import a WXR 1.2 export; a dry run reads and checks everything and stores nothing.

    A file that is not a whole, well-formed export raises ``wordpress.ExportError`` before
    anything is written."""
    started = time.monotonic()
    wordpress.check(path)
    report = WordPressReport()
    importer = Importer(uploads=uploads, report=report, progress=progress, dry_run=dry_run)
    if dry_run:
        with transaction.atomic():
            importer.read_references(path)
            importer.read_posts(path)
            transaction.set_rollback(True)
    else:
        # Each batch commits on its own: an interrupted import keeps what it wrote, and
        # running it again carries on (updating what it finds).
        importer.read_references(path)
        importer.read_posts(path)
        pagecache.invalidate()
    report.seconds = time.monotonic() - started
    return report
