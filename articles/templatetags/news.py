from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.structured_data import absolute, as_script, news_article

register = template.Library()


@register.filter
def tanggal(value):
    """'Kamis, 11 Mei 2025 14.30 WIB': day, date and time in the site's time zone."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "l, j F Y H.i T")


@register.filter
def tanggal_iso(value):
    """An ISO 8601 time with offset, for <time datetime> and structured data."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag
def news_article_json_ld(article):
    """The article's NewsArticle structured data as a JSON-LD script."""
    return as_script(news_article(article))


@register.filter
def absolute_url(path):
    """A site path as an absolute URL on the site's own domain."""
    return absolute(str(path)) if path else ""


@register.simple_tag
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
