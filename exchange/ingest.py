"""Partner and wire copy in: fetching each Source's RSS/Atom feed into drafts.

Every feed is fetched with a timeout and a size limit, parsed by feedparser (whatever its
encoding), and each entry becomes an article (a draft unless the source publishes
directly) with the source's attribution and a link to the original. Entries already
taken are recognised by their guid, their link, or their content. A broken, huge, slow
or mis-encoded feed is reported and the others go on.
"""

import hashlib
import re
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
from django.db import DatabaseError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.html import escape, strip_tags

from articles.models import Article, Source, slug_from
from articles.places import PlaceIndex
from infra import pagecache

TIMEOUT_SECONDS = 10
MAX_BYTES = 5_000_000
USER_AGENT = "Newsroom feed reader (+https://github.com/)"


# A feed that lies about its encoding or content type is still read; broken XML is not.
HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class FeedError(Exception):
    pass


@dataclass
class FeedReport:
    source: Source
    created: list = field(default_factory=list)
    duplicates: int = 0
    error: str = ""


def fetch(url: str, *, timeout=None, max_bytes=None) -> bytes:
    """The feed's bytes, or FeedError: not over ``max_bytes``, not slower than ``timeout``."""
    timeout, max_bytes = timeout or TIMEOUT_SECONDS, max_bytes or MAX_BYTES
    if not url.startswith(("http://", "https://")):
        raise FeedError("alamat umpan harus http atau https")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(f"umpan terlalu besar ({int(declared):,} byte)")
            data = response.read(max_bytes + 1)
    except FeedError:
        raise
    except TimeoutError:
        raise FeedError(f"umpan tidak menjawab dalam {timeout} detik") from None
    except OSError as error:
        raise FeedError(f"umpan tidak dapat diambil ({error})") from None
    if len(data) > max_bytes:
        raise FeedError(f"umpan terlalu besar (lebih dari {max_bytes:,} byte)")
    return data


def fingerprint(title: str, text: str) -> str:
    words = re.findall(r"\w+", f"{title} {text}".lower())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def ingest_source(source: Source, *, places: PlaceIndex, fetcher=fetch) -> FeedReport:
    report = FeedReport(source=source)
    try:
        data = fetcher(source.feed_url)
        if not data.strip():
            raise FeedError("umpan kosong")
        parsed = feedparser.parse(data)
        problem = parsed.get("bozo_exception") if parsed.bozo else None
        if problem and not isinstance(problem, HARMLESS):
            raise FeedError(f"umpan rusak ({problem})")
        with transaction.atomic():
            for entry in parsed.entries:
                if not (entry.get("title") or entry.get("link")):
                    continue
                article = _article(source, entry, places)
                if article is None:
                    report.duplicates += 1
                else:
                    report.created.append(article)
    except FeedError as error:
        report.error = str(error)
    except (DatabaseError, ValueError) as error:
        # An entry the database refuses (a value out of range, say): nothing of this
        # feed is kept (the transaction above), and the other sources go on.
        report.created = []
        report.error = f"umpan tidak dapat disimpan ({type(error).__name__}: {error})"[:300]
    status = report.error or f"{len(report.created)} baru, {report.duplicates} sudah ada"
    Source.objects.filter(pk=source.pk).update(
        feed_checked_at=timezone.now(), feed_status=status[:300]
    )
    return report


def _field(entry, name) -> str:
    """A text field of a feed entry, without the NUL characters no text column can hold."""
    value = entry.get(name) or ""
    return value.replace("\x00", "") if isinstance(value, str) else ""


def _article(source, entry, places) -> Article | None:
    guid = _field(entry, "id") or _field(entry, "link")
    link = _field(entry, "link")
    title = strip_tags(_field(entry, "title")).strip()[:200] or "(tanpa judul)"
    html = ""
    if entry.get("content"):
        html = _field(entry["content"][0], "value")
    html = html or _field(entry, "summary")
    key = f"feed:{source.pk}:{hashlib.sha256(guid.encode()).hexdigest()[:40]}" if guid else ""
    content_print = fingerprint(title, strip_tags(html))
    known = Article.objects.filter(source=source)
    if (
        (key and Article.objects.filter(import_key=key).exists())
        or (link and known.filter(original_url=link).exists())
        or Article.objects.filter(fingerprint=content_print).exists()
    ):
        return None
    body = html if "<p" in html else f"<p>{escape(strip_tags(html))}</p>"
    if source.attribution:
        body += f"<p><em>{escape(source.attribution)}</em></p>"
    if link:
        body += f'<p><a href="{escape(link)}">Baca berita aslinya</a></p>'
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*when[:6], tzinfo=UTC) if when else None
    suggestion = places.suggest(text=f"{title}\n{strip_tags(html)[:1500]}")
    directly = source.is_feed_published_directly
    article = Article(
        import_key=key,
        headline=title,
        slug=slug_from(title),
        summary=strip_tags(_field(entry, "summary"))[:400] if entry.get("content") else "",
        body=body,
        source=source,
        region=suggestion.region,
        original_url=link[:500],
        fingerprint=content_print,
        status=Article.Status.PUBLISHED if directly else Article.Status.DRAFT,
        published_at=min(published, timezone.now()) if directly and published else None,
    )
    article.save()
    return article


def ingest_all(*, fetcher=fetch) -> list[FeedReport]:
    """Every source with a feed; one failing never stops the others."""
    places = PlaceIndex.load()
    reports = [
        ingest_source(source, places=places, fetcher=fetcher)
        for source in Source.objects.exclude(feed_url="").order_by("name")
    ]
    # Stories that wait for an editor as drafts change nothing readers see.
    if any(
        article.status == Article.Status.PUBLISHED
        for report in reports
        for article in report.created
    ):
        pagecache.invalidate()
    return reports


@task()
def fetch_feeds() -> dict:
    """The periodic task (NEWSROOM_PERIODIC_TASKS): every source's feed, once."""
    reports = ingest_all()
    return {
        "created": sum(len(report.created) for report in reports),
        "failed": [report.source.name for report in reports if report.error],
    }
