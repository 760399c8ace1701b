"""Sitemaps for search engines: an index, the articles by 1,000s, the listing pages, and a
Google News sitemap of the last 48 hours. Every <loc> is on the site's own domain
(``NEWSROOM_SITE_URL``), never the host a request happened to use.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category, Region

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """A sitemap whose links use NEWSROOM_SITE_URL."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class ArticleSitemap(SiteSitemap):
    limit = 1000
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .only("pk", "slug", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # One aggregate, not a walk over every article.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return (
            Category.objects.annotate(
                latest=Max("articles__updated_at", filter=_published("articles__"))
            )
            .filter(latest__isnull=False)
            .order_by("position", "name")
        )

    def lastmod(self, category):
        return category.latest

    def get_latest_lastmod(self):
        return max((category.latest for category in self.items()), default=None)


class RegionSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        published = Article.objects.published()
        return (
            Region.objects.filter(
                Exists(published.filter(region=OuterRef("pk")))
                | Exists(published.filter(region__province=OuterRef("pk")))
            )
            .only("slug", "code")
            .order_by("code")
        )


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            get_user_model()
            .objects.filter(Exists(Article.objects.published().filter(author=OuterRef("pk"))))
            .only("username")
            .order_by("username")
        )


class PageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["reader:headlines", "reader:corrections", "pages:redaksi", "pages:pedoman"]

    def location(self, name):
        return reverse(name)


def _published(prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
            f"{prefix}trashed_at__isnull": True,
            f"{prefix}taken_down_at__isnull": True,
        }
    )


SITEMAPS = {
    "berita": ArticleSitemap,
    "rubrik": CategorySitemap,
    "wilayah": RegionSitemap,
    "penulis": AuthorSitemap,
    "halaman": PageSitemap,
}


def news_items():
    """Google News: stories of the last 48 hours, at most 1,000, no paid or promotional copy."""
    return (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .exclude(kind__in=[Article.Kind.ADVERTORIAL, Article.Kind.PRESS_RELEASE])
        .exclude(source__syndication="noindex_news")
        .prefetch_related("tags")
        .only("pk", "slug", "headline", "published_at", "source__syndication")
        .select_related("source")
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )
