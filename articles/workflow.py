"""The editorial rules: who may do what to an article, and what must hold first.

Every path that changes an article (admin form, bulk action, crafted POST, service call)
asks these functions; the services in ``articles.services`` call ``check()`` before any
write, so a rule cannot be skipped by choosing another door.

Roles (groups, see ``accounts.roles``): a reporter (wartawan) writes and submits their own
drafts; an editor (redaktur) edits anything, publishes, schedules, unpublishes and returns
stories; the chief editor (pemimpin redaksi) also takes stories down, publishes
corrections and empties the trash.
"""

from enum import StrEnum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article


class WorkflowError(Exception):
    """A refused step, with a message for the editor."""


class Step(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    CONFIRM_MASKED = "confirm_masked"


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


def can_edit_any(user) -> bool:
    return user.has_perm("articles.edit_any_article")


def can_take_down(user) -> bool:
    return user.has_perm("articles.takedown_article")


def can_correct(user) -> bool:
    return user.has_perm("articles.add_correction")


def can_empty_trash(user) -> bool:
    return user.has_perm("articles.empty_trash")


def is_own_draft(user, article: Article) -> bool:
    return (
        article.author_id == user.pk
        and article.status == Article.Status.DRAFT
        and not article.is_trashed
        and not article.is_taken_down
    )


def can_edit(user, article: Article | None) -> bool:
    """Editors edit any article (a taken-down one only with takedown rights);
    reporters edit their own drafts."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or article.pk is None:
        return True
    if article.is_taken_down:
        return can_take_down(user)
    if can_edit_any(user):
        return True
    return is_own_draft(user, article)


def can_trash(user, article: Article | None) -> bool:
    if not user.has_perm("articles.delete_article"):
        return False
    if article is None:
        return True
    if article.is_trashed or article.is_taken_down:
        return False
    return can_edit_any(user) or (is_own_draft(user, article) and article.published_at is None)


def check(user, article: Article, step: Step, *, note: str = "") -> None:
    """Raise WorkflowError unless ``user`` may take ``step`` on ``article`` as it stands."""
    status = Article.Status
    if article.is_trashed:
        raise WorkflowError(_("Artikel ada di tempat sampah; pulihkan dulu."))
    if article.is_taken_down:
        raise WorkflowError(_("Artikel sudah dicabut (takedown)."))
    if step == Step.SUBMIT:
        if article.status != status.DRAFT:
            raise WorkflowError(_("Hanya draf yang dapat diajukan ke redaktur."))
        if not (can_edit_any(user) or is_own_draft(user, article)):
            raise WorkflowError(_("Anda hanya dapat mengajukan draf Anda sendiri."))
        return
    if step == Step.RETURN:
        _require_publisher(user, _("mengembalikan artikel ke wartawan"))
        if article.status != status.REVIEW:
            raise WorkflowError(_("Hanya artikel yang menunggu review yang dapat dikembalikan."))
        if not note.strip():
            raise WorkflowError(_("Tuliskan catatan untuk wartawan: apa yang perlu diperbaiki."))
        return
    if step == Step.PUBLISH:
        _require_publisher(user, _("menerbitkan atau menjadwalkan artikel"))
        check_publishable(article)
        return
    if step == Step.UNPUBLISH:
        _require_publisher(user, _("menarik artikel dari situs"))
        if article.status != status.PUBLISHED:
            raise WorkflowError(_("Artikel ini belum terbit."))
        return
    if step == Step.CONFIRM_MASKED:
        _require_publisher(user, _("memastikan identitas anak atau korban tersamar"))
        if not article.has_vulnerable_subject:
            raise WorkflowError(_("Artikel ini tidak ditandai menyangkut anak atau korban."))
        if article.identities_masked_at:
            raise WorkflowError(_("Identitas sudah dipastikan tersamar."))
        return
    raise WorkflowError(_("Langkah alur kerja tidak dikenal."))


def check_publishable(article: Article, *, at=None) -> None:
    """What must hold before a story may appear (now, or at its scheduled time)."""
    if not (article.body or "").strip():
        raise WorkflowError(_("Isi berita wajib diisi sebelum diterbitkan."))
    if article.lead_image_id and not article.lead_image.credit.strip():
        raise WorkflowError(
            _("Kredit foto utama wajib diisi sebelum terbit (ubah foto di pustaka foto).")
        )
    if article.needs_identity_check:
        raise WorkflowError(
            _(
                "Artikel menyangkut anak atau korban kekerasan seksual: redaktur harus "
                "memastikan identitas sudah disamarkan sebelum terbit."
            )
        )
    appears_at = at or article.published_at or timezone.now()
    if article.embargo_ends_at and appears_at < article.embargo_ends_at:
        raise WorkflowError(
            _("Embargo hingga %(until)s: artikel tidak boleh tampil sebelum waktu itu.")
            % {"until": _when(article.embargo_ends_at)}
        )


def check_embargo_holds(article: Article) -> None:
    """An embargo set on a story that is already out, or scheduled before the embargo ends,
    is refused: the story would stay public (or appear) before the embargo ends, and
    withdrawing a published story is a decision the desk takes with "Tarik dari situs"."""
    embargo, appears_at = article.embargo_ends_at, article.published_at
    if article.status != Article.Status.PUBLISHED or not (embargo and appears_at):
        return
    if appears_at >= embargo:
        return
    if appears_at <= timezone.now():
        raise WorkflowError(
            _(
                "Berita ini sudah tayang sejak %(since)s; embargo hingga %(until)s tidak dapat "
                "dipasang pada berita yang sudah tayang. Tarik dulu dari situs, lalu "
                "jadwalkan ulang setelah embargo."
            )
            % {"since": _when(appears_at), "until": _when(embargo)}
        )
    raise WorkflowError(
        _(
            "Jadwal tayang %(when)s lebih awal dari embargo hingga %(until)s: ubah waktu "
            "terbit ke saat embargo berakhir atau sesudahnya."
        )
        % {"when": _when(appears_at), "until": _when(embargo)}
    )


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H.i T")


def available_steps(user, article: Article) -> list[Step]:
    """The workflow buttons to offer this user on this article.

    Publishing is offered whenever the user may publish and the story is not public yet;
    if something still blocks it (embargo, identity check), the click says what.
    """
    steps = []
    for step in Step:
        if step == Step.PUBLISH:
            hidden = article.is_public or article.is_trashed or article.is_taken_down
            if can_publish(user) and not hidden:
                steps.append(step)
            continue
        try:
            check(user, article, step, note="-")
        except WorkflowError:
            continue
        steps.append(step)
    return steps


def _require_publisher(user, what: str) -> None:
    if not can_publish(user):
        raise WorkflowError(_("Anda tidak berhak %(what)s.") % {"what": what})
