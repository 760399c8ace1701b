"""Writes that span several models or systems: imports, loading reference data, publishing."""

import csv
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import reversion
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import (
    Article,
    ArticleEvent,
    ArticleTombstone,
    Correction,
    District,
    PreviewLink,
    Region,
)
from articles.workflow import Step, WorkflowError
from images import sharecards
from infra import pagecache
from infra.tasks import retried

Action = ArticleEvent.Action
PREVIEW_LINK_HOURS = 48

REGION_DATA_DIR = Path(__file__).resolve().parent / "data" / "idn-area"


@dataclass
class RegionLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def load_regions(*, data_dir: Path = REGION_DATA_DIR, dry_run: bool = False) -> RegionLoadReport:
    """Create or update provinces, regencies/cities and districts from the Kemendagri CSVs.

    Keyed on the official code, so re-running changes only what differs.
    """
    report = RegionLoadReport()
    with transaction.atomic():
        existing = {region.code: region for region in Region.objects.all()}
        used_slugs = {region.slug for region in existing.values()}

        def upsert(code, name, level, province):
            region = existing.get(code)
            if region is None:
                slug = slugify(name)
                if slug in used_slugs:
                    slug = f"{slug}-{code.replace('.', '-')}"
                used_slugs.add(slug)
                region = Region(code=code, name=name, slug=slug, level=level, province=province)
                region.save()
                existing[code] = region
                report.created += 1
            elif (region.name, region.level, region.province_id) != (
                name,
                level,
                province.pk if province else None,
            ):
                region.name, region.level, region.province = name, level, province
                region.save(update_fields=["name", "level", "province"])
                report.updated += 1
            else:
                report.unchanged += 1
            return region

        for row in _read_csv(data_dir / "provinces.csv"):
            upsert(row["code"], row["name"], Region.Level.PROVINCE, None)
        for row in _read_csv(data_dir / "regencies.csv"):
            level = Region.Level.CITY if row["name"].startswith("Kota") else Region.Level.REGENCY
            upsert(row["code"], row["name"], level, existing[row["province_code"]])

        known = {d.code: d for d in District.objects.all()}
        new, changed = [], []
        for row in _read_csv(data_dir / "districts.csv"):
            regency = existing[row["regency_code"]]
            district = known.get(row["code"])
            if district is None:
                new.append(District(code=row["code"], name=row["name"], regency=regency))
            elif (district.name, district.regency_id) != (row["name"], regency.pk):
                district.name, district.regency = row["name"], regency
                changed.append(district)
            else:
                report.unchanged += 1
        District.objects.bulk_create(new, batch_size=1000)
        District.objects.bulk_update(changed, ["name", "regency"], batch_size=1000)
        report.created += len(new)
        report.updated += len(changed)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _read_csv(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


# --- The editorial workflow -------------------------------------------------------------
# Each step checks the rules in articles.workflow, writes the article as a new revision,
# and records who did it and when in the audit trail.


def _public_change(article: Article) -> None:
    """Called before a change to ``article`` is saved: if readers can see it, they see it
    once committed (a new generation of cached pages); if not, the cache stays.

    Readers can see a change to a story that is published, scheduled (the site changes
    by itself at its time) or taken down (its address explains the takedown), before or
    after the change; a draft or a story in review is nobody's but the newsroom's."""
    if article.status == Article.Status.PUBLISHED or (
        article.pk is not None
        and Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED).exists()
    ):
        pagecache.invalidate_on_commit()
        # Its share card shows its headline, rubrik and photo: made anew if they changed.
        transaction.on_commit(lambda: make_share_card.enqueue(article.pk))


def refresh_share_card(article_id: int) -> str | None:
    """Store the share card of what a published story shows now, if it is not stored yet,
    and point the story at it; the card it had goes if no other story shows it."""
    article = (
        Article.objects.select_related("category", "lead_image")
        .filter(pk=article_id, status=Article.Status.PUBLISHED)
        .first()
    )
    if article is None:
        return None
    photo = article.lead_image if article.lead_image_id else None
    name = sharecards.store_card(
        headline=article.headline,
        rubrik=article.category.name if article.category_id else "",
        photo=photo,
    )
    if name != article.share_card:
        old = article.share_card
        # Not a save: only the picture changed, not the story (nor its version).
        Article.objects.filter(pk=article.pk).update(share_card=name)
        pagecache.invalidate_on_commit()
        if old and not Article.objects.filter(share_card=old).exists():
            transaction.on_commit(lambda: default_storage.delete(old))
    return name


def refresh_share_cards(stories) -> int:
    """Make the share cards of ``stories`` (public ones) that have none or an outdated
    one; returns how many were made."""
    made = 0
    stories = stories.select_related("category", "lead_image").order_by("-published_at", "-id")
    for article in stories.iterator(chunk_size=500):
        if article.share_card != article.share_card_due:
            refresh_share_card(article.pk)
            made += 1
    return made


@task()
def refresh_recent_share_cards() -> int:
    """The periodic task (NEWSROOM_PERIODIC_TASKS): the cards of the last two days'
    stories that came in without the services (feeds, imports) or whose photo moved."""
    since = timezone.now() - timedelta(days=2)
    return refresh_share_cards(Article.objects.published().filter(published_at__gte=since))


@task()
@retried(attempts=3, first_delay=30)
def make_share_card(article_id: int) -> None:
    """The background task: a published story's share card (``refresh_share_card``)."""
    refresh_share_card(article_id)


def _save_step(article: Article, *, user, action: str, note: str = "", fields=None) -> None:
    _public_change(article)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(ArticleEvent.Action(action).label)
        article.last_edited_by = user
        article.save(update_fields=[*fields, "last_edited_by"] if fields else None)
    ArticleEvent.objects.create(article=article, action=action, user=user, note=note)


def save_article(*, article: Article, user, created: bool = False, comment: str = "") -> Article:
    """Save an editor's changes as a new revision (the admin form's save)."""
    with transaction.atomic(), reversion.create_revision():
        _public_change(article)
        reversion.set_user(user)
        reversion.set_comment(comment or (_("Dibuat") if created else _("Disunting")))
        article.last_edited_by = user
        article.save()
        if created:
            ArticleEvent.objects.create(article=article, action=Action.CREATED, user=user)
    return article


@transaction.atomic
def submit_for_review(*, article: Article, user, note: str = "") -> Article:
    workflow.check(user, article, Step.SUBMIT)
    article.status = Article.Status.REVIEW
    _save_step(article, user=user, action=Action.SUBMITTED, note=note, fields=["status"])
    return article


@transaction.atomic
def return_to_reporter(*, article: Article, user, note: str) -> Article:
    workflow.check(user, article, Step.RETURN, note=note)
    article.status = Article.Status.DRAFT
    _save_step(article, user=user, action=Action.RETURNED, note=note.strip(), fields=["status"])
    return article


@transaction.atomic
def publish_article(*, article: Article, user, note: str = "") -> Article:
    """Publish now, or schedule when the publish time lies ahead (it then appears by itself)."""
    workflow.check(user, article, Step.PUBLISH)
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or timezone.now()
    scheduled = article.published_at > timezone.now()
    when = date_format(timezone.localtime(article.published_at), "j F Y H.i T")
    _save_step(
        article,
        user=user,
        action=Action.SCHEDULED if scheduled else Action.PUBLISHED,
        note=note or when,
        fields=["status", "published_at"],
    )
    return article


@transaction.atomic
def unpublish_article(*, article: Article, user, note: str = "") -> Article:
    workflow.check(user, article, Step.UNPUBLISH)
    article.status = Article.Status.DRAFT
    _save_step(article, user=user, action=Action.UNPUBLISHED, note=note, fields=["status"])
    return article


@transaction.atomic
def confirm_identities_masked(*, article: Article, user, note: str = "") -> Article:
    workflow.check(user, article, Step.CONFIRM_MASKED)
    article.identities_masked_at = timezone.now()
    article.identities_masked_by = user
    _save_step(
        article,
        user=user,
        action=Action.IDENTITIES_MASKED,
        note=note,
        fields=["identities_masked_at", "identities_masked_by"],
    )
    return article


STEP_SERVICES = {
    Step.SUBMIT: submit_for_review,
    Step.RETURN: return_to_reporter,
    Step.PUBLISH: publish_article,
    Step.UNPUBLISH: unpublish_article,
    Step.CONFIRM_MASKED: confirm_identities_masked,
}


def take_step(*, article: Article, user, step: Step, note: str = "") -> Article:
    """Run one workflow step by name (admin buttons and bulk actions)."""
    return STEP_SERVICES[Step(step)](article=article, user=user, note=note)


@transaction.atomic
def trash_article(*, article: Article, user) -> Article:
    """Move to trash: gone from the public site, restorable with tags, image and history."""
    if not workflow.can_trash(user, article):
        raise PermissionDenied(_("Anda tidak berhak membuang artikel ini."))
    article.trashed_at, article.trashed_by = timezone.now(), user
    _save_step(article, user=user, action=Action.TRASHED, fields=["trashed_at", "trashed_by"])
    return article


@transaction.atomic
def restore_from_trash(*, article: Article, user) -> Article:
    if not article.is_trashed:
        raise WorkflowError(_("Artikel tidak ada di tempat sampah."))
    if not (workflow.can_edit_any(user) or article.trashed_by_id == user.pk):
        raise PermissionDenied(_("Anda tidak berhak memulihkan artikel ini."))
    article.trashed_at = article.trashed_by = None
    _save_step(article, user=user, action=Action.RESTORED, fields=["trashed_at", "trashed_by"])
    return article


@transaction.atomic
def empty_trash(*, articles, user) -> int:
    """Delete for good the given articles that are in the trash (chief editor only)."""
    if not workflow.can_empty_trash(user):
        raise PermissionDenied(_("Hanya pemimpin redaksi yang dapat mengosongkan tempat sampah."))
    # Nothing public changes: a story in the trash is already gone from every page.
    doomed = Article.objects.in_trash().filter(pk__in=[a.pk for a in articles])
    count = doomed.count()
    # Partners who had a story (the content API) learn from its tombstone that it is gone.
    ArticleTombstone.objects.bulk_create(
        [
            ArticleTombstone(article_id=pk)
            for pk in doomed.filter(published_at__isnull=False).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    for article in doomed:
        article.delete()
    return count


@transaction.atomic
def take_down_article(*, article: Article, user, reason: str, note: str) -> Article:
    """Remove a story under the Pedoman: its URL answers 410 with the public note."""
    if not workflow.can_take_down(user):
        raise PermissionDenied(_("Hanya pemimpin redaksi yang dapat mencabut berita."))
    if reason not in Article.TakedownReason.values:
        raise WorkflowError(_("Pilih alasan pencabutan dari Pedoman Pemberitaan Media Siber."))
    if not note.strip():
        raise WorkflowError(_("Tuliskan catatan untuk pembaca tentang pencabutan ini."))
    if article.is_taken_down:
        raise WorkflowError(_("Artikel sudah dicabut."))
    article.taken_down_at, article.taken_down_by = timezone.now(), user
    article.takedown_reason, article.takedown_note = reason, note.strip()
    _save_step(
        article,
        user=user,
        action=Action.TAKEN_DOWN,
        note=f"{article.get_takedown_reason_display()}: {article.takedown_note}",
        fields=["taken_down_at", "taken_down_by", "takedown_reason", "takedown_note"],
    )
    return article


@transaction.atomic
def add_correction(*, article: Article, user, kind: str, text: str) -> Correction:
    """Publish a ralat, koreksi or hak jawab under the story; the story counts as updated."""
    if not workflow.can_correct(user):
        raise PermissionDenied(_("Hanya pemimpin redaksi yang dapat memuat ralat dan hak jawab."))
    if not text.strip():
        raise WorkflowError(_("Isi ralat tidak boleh kosong."))
    correction = Correction.objects.create(
        article=article, kind=kind, text=text.strip(), created_by=user
    )
    _save_step(
        article, user=user, action=Action.CORRECTED, note=correction.get_kind_display(), fields=[]
    )
    return correction


@transaction.atomic
def create_preview_link(*, article: Article, user, hours: int = PREVIEW_LINK_HOURS) -> PreviewLink:
    if not workflow.can_edit(user, article) and not workflow.can_publish(user):
        raise PermissionDenied(_("Anda tidak berhak membagikan pratinjau artikel ini."))
    now = timezone.now()
    link = PreviewLink.objects.create(
        article=article, created_by=user, created_at=now, expires_at=now + timedelta(hours=hours)
    )
    ArticleEvent.objects.create(article=article, action=Action.PREVIEW_LINK, user=user)
    return link


@transaction.atomic
def revoke_preview_link(*, link: PreviewLink, user) -> PreviewLink:
    if not (workflow.can_publish(user) or link.created_by_id == user.pk):
        raise PermissionDenied(_("Anda tidak berhak mencabut tautan ini."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        ArticleEvent.objects.create(article=link.article, action=Action.PREVIEW_REVOKED, user=user)
    return link


# Restoring an old version brings back its content, never its place in the workflow.
WORKFLOW_FIELDS = (
    "status",
    "published_at",
    "embargo_ends_at",
    "is_top_story",
    "has_vulnerable_subject",
    "identities_masked_at",
    "identities_masked_by",
    "trashed_at",
    "trashed_by",
    "taken_down_at",
    "taken_down_by",
    "takedown_reason",
    "takedown_note",
    "lock_version",
    "import_key",
)


@transaction.atomic
def restore_revision(*, article: Article, version, user) -> Article:
    """Bring back an earlier version's content in one step; the restore is a new version."""
    if not workflow.can_edit(user, article):
        raise PermissionDenied(_("Anda tidak berhak menyunting artikel ini."))
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise WorkflowError(_("Versi itu bukan milik artikel ini."))
    _public_change(article)
    kept = {name: getattr(article, name) for name in WORKFLOW_FIELDS}
    when = date_format(timezone.localtime(version.revision.date_created), "j F Y H.i")
    with reversion.create_revision():
        version.revision.revert(delete=True)
        article.refresh_from_db()
        for name, value in kept.items():
            setattr(article, name, value)
        article.last_edited_by = user
        article.save()
        reversion.set_user(user)
        reversion.set_comment(_("Dipulihkan dari versi %(when)s") % {"when": when})
    ArticleEvent.objects.create(
        article=article, action=Action.REVISION_RESTORED, user=user, note=when
    )
    return article
