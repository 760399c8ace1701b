"""What the public pages' templates call to make their markup (see infra/templating.py):
the list items and the page frame, made once per process and version of what they show;
share links; absolute URLs; and what search engines read about an article (NewsArticle
JSON-LD and Open Graph values)."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from images import pictures
from infra.paths import absolute


def news_article_json_ld(article, entries=(), blocks=None):
    """The article's NewsArticle structured data as a JSON-LD script (LiveBlogPosting
    with its updates for a live coverage; its galleries' photos among its images)."""
    data = news_article(article)
    if article.is_live_coverage:
        data.update(live_blog(article, entries))
    if blocks is not None and (photos := gallery_images(blocks)):
        data["image"] = [*data.get("image", []), *photos]
    return as_script(data)


def gallery_images(blocks) -> list[dict]:
    """The galleries' photos as ImageObjects, with the caption and credit the page shows."""
    found = []
    for photo in blocks.photos():
        image = {
            "@type": "ImageObject",
            "url": absolute(pictures.rendition_url(photo.image, "4x3", 1200)),
            "caption": photo.shown_caption,
        }
        if photo.shown_credit:
            image["creditText"] = photo.shown_credit
        found.append(image)
    return found


def live_blog(article, entries) -> dict:
    """What Google's LIVE badge reads: the coverage's times and each update, newest first
    (``BlogPosting`` with headline, time, the entry's anchor and its photo)."""
    url = absolute(article.get_absolute_url())
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": iso(article.coverage_starts_at),
        "liveBlogUpdate": [],
    }
    if article.coverage_ends_at:
        data["coverageEndTime"] = iso(article.coverage_ends_at)
    for entry in sorted(entries, key=lambda e: (e.published_at, e.pk), reverse=True):
        update = {
            "@type": "BlogPosting",
            "headline": entry.headline or strip_tags(entry.body)[:110] or article.headline,
            "datePublished": iso(entry.published_at),
            "url": f"{url}#{entry.anchor}",
            "articleBody": strip_tags(entry.body),
        }
        if entry.corrected_at:
            update["dateModified"] = iso(entry.corrected_at)
        if entry.image_id:
            update["image"] = absolute(pictures.rendition_url(entry.image, "16x9", 1200))
        if entry.author_id:
            update["author"] = {
                "@type": "Person",
                "name": entry.author.byline,
                "url": absolute(entry.author.get_absolute_url()),
            }
        data["liveBlogUpdate"].append(update)
    return data


def absolute_url(path):
    """A site path as an absolute URL on the site's own domain."""
    return absolute(str(path)) if path else ""


def share_links(article):
    """Plain share links (no third-party scripts): WhatsApp, Facebook, X, Telegram."""
    url = absolute(article.get_absolute_url())
    text = article.headline
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{text} {url}"})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": text})),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": text})),
    ]


FRAGMENTS_KEPT = 4096
_fragments: dict = {}


def _fragment(key: tuple, template_name: str, context: dict) -> str:
    """Markup made once per process for each key, the key holding everything the
    template reads (and the language and time zone it is rendered in); reused by every
    page that shows it, page cache or no page cache."""
    key = (template_name, get_language(), timezone.get_current_timezone_name(), *key)
    html = _fragments.get(key)
    if html is None:
        if len(_fragments) >= FRAGMENTS_KEPT:
            _fragments.clear()
        html = _fragments[key] = mark_safe(  # noqa: S308 (rendered by a template that escapes)
            render_to_string(template_name, context)
        )
    return html


def article_item(article, featured=False, top_level=False):
    """One story in a list (front page, listings, related stories), made once per version
    of the story, its rubrik, region and photo."""
    category = article.category if article.category_id else None
    region = article.region if article.region_id else None
    image = article.lead_image if article.lead_image_id else None
    key = (
        article.pk,
        article.slug,
        article.headline,
        article.summary,
        article.published_at,
        article.kind,
        category and (category.pk, category.name, category.slug),
        region and (region.pk, region.name, region.slug),
        image and pictures.version(image),
        bool(featured),
        bool(top_level),
    )
    context = {"article": article, "featured": featured, "top_level": top_level}
    return _fragment(key, "articles/_article_item.html", context)


def site_links():
    """The stylesheet, icons, manifest and feeds every page links in its head."""
    return _fragment((settings.SITE_NAME,), "_site_links.html", {"site_name": settings.SITE_NAME})


def site_header(nav_categories):
    """The masthead, the search form and the rubrik navigation of every page."""
    categories = list(nav_categories or [])
    key = (settings.SITE_NAME, tuple((c.pk, c.name, c.slug) for c in categories))
    return _fragment(
        key, "_site_header.html", {"site_name": settings.SITE_NAME, "nav_categories": categories}
    )


def site_footer():
    """The foot of every page: the newsroom's pages, the feed and the language switch."""
    year = timezone.localdate().year
    return _fragment(
        (settings.SITE_NAME, year),
        "_site_footer.html",
        {"site_name": settings.SITE_NAME, "year": year},
    )


# -- What search engines read ----------------------------------------------------------

# The three ratios Google asks for, at least 1,200 px wide.
IMAGE_RATIOS = ("16x9", "4x3", "1x1")
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def share_image(article) -> dict:
    """The picture a shared story shows (Open Graph, X, JSON-LD): its 1200×630 share card
    (``images.sharecards``: the photo's crop, or a card with the headline), else while
    the worker makes it the photo's 16:9 crop, else the site's own card."""
    if article.share_card and article.share_card == article.share_card_due:
        url = default_storage.url(article.share_card)
        return {"url": absolute(url), "width": 1200, "height": 630}
    if article.lead_image_id:
        crop = pictures.rendition(article.lead_image, "16x9", 1200)
        url = pictures.rendition_url(article.lead_image, "16x9", 1200)
        width, height = (crop["w"], crop["h"]) if crop else (None, None)
        return {"url": absolute(url), "width": width, "height": height}
    return {"url": absolute(static(SITE_CARD)), "width": 1200, "height": 630}


SITE_CARD = "img/share-card.png"


def images(article) -> list[str]:
    if not article.lead_image_id:
        return [share_image(article)["url"]]
    return list(
        dict.fromkeys(
            absolute(pictures.rendition_url(article.lead_image, ratio, 1200))
            for ratio in IMAGE_RATIOS
        )
    )


def news_article(article) -> dict:
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        # Whole, as the page and og:title show it (the admin warns past 110 characters).
        "headline": article.headline,
        "description": article.summary or strip_tags(article.body)[:200],
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {
                "@type": "ImageObject",
                "url": absolute(static(settings.NEWSROOM_PUBLISHER_LOGO)),
            },
        },
    }
    if pictures := images(article):
        data["image"] = pictures
    if article.published_at:
        data["datePublished"] = iso(article.published_at)
        data["dateModified"] = iso(article.modified_at)
    if article.author_id:
        data["author"] = [
            {
                "@type": "Person",
                "name": article.author.byline,
                "url": absolute(article.author.get_absolute_url()),
            }
        ]
    elif article.source_id:
        source = article.source
        data["author"] = [
            {
                "@type": "Organization",
                "name": source.name,
                "url": source.homepage_url or absolute(source.get_absolute_url()),
            }
        ]
    if article.category_id:
        data["articleSection"] = article.category.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if article.region_id:
        data["contentLocation"] = {
            "@type": "Place",
            "name": str(article.region),
            "url": absolute(article.region.get_absolute_url()),
        }
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": iso(correction.published_at),
            }
            for correction in corrections
        ]
    if article.is_paid_or_promotional:
        data["genre"] = str(article.label)
    return data


def as_script(data: dict):
    """A JSON-LD <script> block, safe to put in HTML."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
