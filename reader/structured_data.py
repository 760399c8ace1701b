"""What search engines read about an article: NewsArticle JSON-LD and Open Graph values."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from images.pictures import rendition_url
from infra.paths import absolute

# The three ratios Google asks for, at least 1,200 px wide.
IMAGE_RATIOS = ("16x9", "4x3", "1x1")
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def images(article) -> list[str]:
    if not article.lead_image_id:
        return []
    return list(
        dict.fromkeys(
            absolute(rendition_url(article.lead_image, ratio, 1200)) for ratio in IMAGE_RATIOS
        )
    )


def news_article(article) -> dict:
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
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
        data["author"] = [{"@type": "Organization", "name": article.source.name}]
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
