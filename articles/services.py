"""Writes that span several models or systems: imports, loading reference data, publishing."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from articles import storytext
from articles.models import Article, Category, District, Region, Source, slug_from
from articles.places import PlaceIndex

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
    """Import a story file (see ``articles.storytext``): stories are published, listed
    headlines without a story become drafts. Idempotent: an article imported before is
    left as the editors have it (a headline-only draft is completed when its story arrives).
    """
    parsed = storytext.parse(text)
    report = StoryImportReport(problems=[str(problem) for problem in parsed.problems])
    places = places or PlaceIndex.load()
    with transaction.atomic():
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
    article.published_at = article.published_at or timezone.now()
    article.save()
    (report.completed if existing else report.published).append(article)


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
