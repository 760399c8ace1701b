"""Typing kept while it happens: the article screen sends what the editor has typed every
few seconds of typing and when the page is left (``static/js/admin-article.js``); it is
kept per editor and story (``Autosave``) until the story is saved. Opening the story
again offers it back, showing what differs from the saved story."""

from dataclasses import dataclass

from django.utils import timezone

from articles import revisions
from articles.models import Article, Autosave

# The fields typed by hand; everything else is chosen, not typed, and is quick to redo.
KEPT = {
    "headline": 200,
    "summary": 400,
    "body": 200_000,
    "dateline_place": 100,
    "signoff": 50,
    "workflow_note": 2_000,
}


class Refused(ValueError):
    """Typing that cannot be kept (too long, or not a field the screen sends)."""


def keep(*, user, article: Article | None, data, base_version: int | None) -> Autosave:
    """Keep what ``user`` has typed in ``article`` (None: a story not yet saved)."""
    fields = {}
    for name, limit in KEPT.items():
        value = data.get(name)
        if value is None:
            continue
        if len(value) > limit:
            raise Refused(name)
        fields[name] = value
    autosave, _created = Autosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={"fields": fields, "base_version": base_version, "saved_at": timezone.now()},
    )
    return autosave


def forget(*, user, article: Article | None) -> None:
    """The story was saved: what was typed is in it now."""
    Autosave.objects.filter(user=user, article=article).delete()
    if article is not None:
        Autosave.objects.filter(user=user, article=None).delete()  # it was new until now


@dataclass
class Offer:
    autosave: Autosave
    differences: list  # revisions.FieldDiff of the fields that differ


def offer(*, user, article: Article | None) -> Offer | None:
    """Typing kept for this editor and story that differs from the story as saved."""
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave is None:
        return None
    differences = []
    for name, typed in autosave.fields.items():
        saved = getattr(article, name, "") if article is not None else ""
        if (saved or "") == typed:
            continue
        label = str(Article._meta.get_field(name).verbose_name) if name != "workflow_note" else name
        before, after = revisions.readable_text(saved), revisions.readable_text(typed)
        differences.append(
            revisions.FieldDiff(
                label=label, html=revisions.inline_diff(before, after), changed=True
            )
        )
    if not differences:
        return None
    return Offer(autosave=autosave, differences=differences)
