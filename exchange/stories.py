"""The desk's story files into articles (``manage.py import_stories``, the demo): the
writes behind the text format read by ``exchange.storytext``."""

from dataclasses import dataclass, field

import reversion
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article, Category, Region, Source, slug_from
from articles.places import PlaceIndex
from exchange import storytext
from infra import pagecache


@dataclass
class StoryImportReport:
    published: list[Article] = field(default_factory=list)
    drafts: list[Article] = field(default_factory=list)
    completed: list[Article] = field(default_factory=list)
    unchanged: list[Article] = field(default_factory=list)
    sources_created: list[Source] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def import_story_file(
    *,
    text: str,
    category: Category | None = None,
    places: PlaceIndex | None = None,
    dry_run: bool = False,
) -> StoryImportReport:
    """Import a story file (see ``exchange.storytext``): stories are published, listed
    headlines without a story become drafts. Idempotent: an article imported before is
    left as the editors have it (a headline-only draft is completed when its story arrives).
    """
    parsed = storytext.parse(text)
    report = StoryImportReport(problems=[str(problem) for problem in parsed.problems])
    places = places or PlaceIndex.load()
    with transaction.atomic(), reversion.create_revision():
        transaction.on_commit(pagecache.invalidate)  # readers see it once committed
        reversion.set_comment(_("Diimpor dari berkas teks redaksi"))
        sources = {}
        for story in parsed.stories:
            source = sources.get(story.label.casefold())
            if source is None:
                source = sources[story.label.casefold()] = _source_for_label(story.label, report)
            _import_story(story, source=source, category=category, places=places, report=report)
        only_source = next(iter(sources.values())) if len(sources) == 1 else None
        for line, headline in parsed.headlines_without_story():
            _import_headline(line, headline, source=only_source, places=places, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _source_for_label(label: str, report: StoryImportReport) -> Source:
    source = Source.objects.filter(dateline_label__iexact=label).first()
    if source is None:
        source = Source.objects.create(
            name=label, slug=slugify(label) or "sumber", dateline_label=label, kind=Source.Kind.OWN
        )
        report.sources_created.append(source)
    return source


def _place(places, *, line: int, dateline: str, text: str, report) -> Region | None:
    suggestion = places.suggest(dateline=dateline, text=text)
    if suggestion.ambiguous:
        chosen = f"dipakai {suggestion.region}" if suggestion.region else "wilayah dikosongkan"
        report.problems.append(f"baris {line}: {suggestion.reason}; {chosen}")
    elif suggestion.region is None and dateline:
        report.problems.append(f"baris {line}: {suggestion.reason}; wilayah dikosongkan")
    return suggestion.region


def _author_for(initials: str):
    matches = (
        list(get_user_model().objects.filter(initials__iexact=initials)[:2]) if initials else []
    )
    return matches[0] if len(matches) == 1 else None


def _import_story(story, *, source, category, places, report) -> None:
    key = f"story:{slug_from(story.headline)}"
    existing = Article.objects.filter(import_key=key).first()
    if existing and (existing.body or existing.status != Article.Status.DRAFT):
        report.unchanged.append(existing)
        return
    text = "\n".join(story.paragraphs)
    article = existing or Article(import_key=key)
    article.headline = story.headline
    article.body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in story.paragraphs)
    article.dateline_place = story.place
    article.signoff = story.signoff
    article.source = source
    article.category = article.category or category
    article.region = _place(
        places,
        line=story.line,
        dateline=story.place,
        text=f"{story.headline}\n{text}",
        report=report,
    )
    article.author = article.author or _author_for(story.signoff)
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = _publish_time(story, text, report)
    article.save()
    (report.completed if existing else report.published).append(article)


def _publish_time(story, text: str, report):
    """When the story's text says the events happened ("Kamis (11/5/25)"), that day, at
    the hour of the import; the import time if the text gives no trustworthy day."""
    now = timezone.localtime()
    found = storytext.date_in_text(text, today=now.date())
    if found.warning:
        report.problems.append(f"baris {story.line}: {found.warning}")
    if found.day is None:
        return now
    return now.replace(year=found.day.year, month=found.day.month, day=found.day.day)


def _import_headline(line, headline, *, source, places, report) -> None:
    key = f"story:{slug_from(headline)}"
    existing = Article.objects.filter(import_key=key).first()
    if existing:
        report.unchanged.append(existing)
        return
    article = Article.objects.create(
        import_key=key,
        headline=headline,
        source=source,
        region=_place(places, line=line, dateline="", text=headline, report=report),
        status=Article.Status.DRAFT,
    )
    report.drafts.append(article)
