"""RSS 2.0 and Atom feeds: the whole site, each rubrik, region and tag.

Every feed carries absolute links on the site's own domain, the summary and the full
text, the lead image as an enclosure, and the advertorial or press-release label in the
title of such items. Only ``Article.objects.published()`` ever appears.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Article, Category, Region
from articles.richtext import without_control_characters
from blocks.markup import Blocks
from images.pictures import rendition
from infra.paths import absolute

ITEMS = 30
ENCLOSURE_WIDTH = 1200  # the crop feed readers show large


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with the full text in content:encoded.

    Feed readers take RSS titles and descriptions as HTML, while ours are plain text an
    editor typed: they are escaped once here, so "<b>" typed stays "<b>" on the reader's
    screen instead of becoming markup.
    """

    def __init__(self, title, link, description, *args, **kwargs):
        super().__init__(_html(title), link, _html(description), *args, **kwargs)

    def add_item(self, *, title, description, **kwargs):
        super().add_item(title=_html(title), description=_html(description), **kwargs)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, _xml_safe(item))
        handler.addQuickElement("content:encoded", _text(item["content_html"]))

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }


class FullTextAtom(Atom1Feed):
    """Atom with the full text as HTML content and the summary as plain text.

    Django's Atom feed marks every summary ``type="html"``; ours is text an editor typed.
    """

    def __init__(self, title, link, description, *args, subtitle=None, **kwargs):
        super().__init__(
            _text(title), link, _text(description), *args, subtitle=_text(subtitle), **kwargs
        )

    def add_item(self, *, title, description, **kwargs):
        super().add_item(title=_text(title), description=None, summary_text=description, **kwargs)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, _xml_safe(item))
        handler.addQuickElement("summary", _text(item["summary_text"]), {"type": "text"})
        handler.addQuickElement("content", _text(item["content_html"]), {"type": "html"})


def _text(value) -> str:
    """Text as XML 1.0 can carry it (a pasted control character must not break a feed)."""
    return without_control_characters(str(value)) if value is not None else value


def _html(value) -> str:
    return escape(_text(value))


def _xml_safe(item: dict) -> dict:
    """An item's author and categories as XML can carry them."""
    return {
        **item,
        "author_name": _text(item.get("author_name")),
        "categories": [_text(category) for category in item.get("categories") or ()],
    }


class ArticleFeed(Feed):
    feed_type = FullTextRss
    language = "id"

    def get_object(self, request, **kwargs):
        self.request = request
        return None

    def filter(self, articles, obj):
        return articles

    def items(self, obj):
        articles = (
            Article.objects.published()
            .for_listing()
            .defer(None)
            .select_related("author", "source")
            .prefetch_related("tags")
        )
        found = list(self.filter(articles, obj)[:ITEMS])
        blocks = Blocks.of(*(item.body for item in found))  # every item's, at once
        for item in found:
            item.blocks = blocks
        return found

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return _("Berita terbaru dari %(site)s") % {"site": settings.SITE_NAME}

    def link(self, obj):
        return absolute(reverse("reader:headlines"))

    def feed_url(self, obj):
        return absolute(self.request.path)

    def item_title(self, item):
        return f"[{item.label}] {item.headline}" if item.is_paid_or_promotional else item.headline

    def item_description(self, item):
        return item.summary or item.headline

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        names = [item.category.name] if item.category_id else []
        if item.label:
            names.append(str(item.label))
        return names + [tag.name for tag in item.tags.all()]

    def item_enclosure_url(self, item):
        crop = rendition(item.lead_image, "16x9", ENCLOSURE_WIDTH)
        return absolute(item.lead_image.file.storage.url(crop["jpg"])) if crop else None

    def item_enclosure_length(self, item):
        return rendition(item.lead_image, "16x9", ENCLOSURE_WIDTH)["jpg_bytes"]

    item_enclosure_mime_type = "image/jpeg"

    def item_extra_kwargs(self, item):
        # Embeds as their snapshot's picture and a link; galleries as their photos.
        body = str(item.blocks.render(str(item.rendered_body()), feed=True))
        if item.label:
            body = f"<p><strong>{item.label}</strong></p>{body}"
        return {"content_html": body}


class SubjectFeed(ArticleFeed):
    model = None

    def get_object(self, request, slug):
        self.request = request
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj):
        return f"{obj.name} | {settings.SITE_NAME}"

    def description(self, obj):
        return getattr(obj, "description", "") or self.title(obj)

    def link(self, obj):
        return absolute(self.subject_url(obj))

    def subject_url(self, obj):
        return obj.get_absolute_url()


class CategoryFeed(SubjectFeed):
    model = Category

    def filter(self, articles, obj):
        return articles.filter(category=obj)


class RegionFeed(SubjectFeed):
    model = Region

    def filter(self, articles, obj):
        return articles.in_region(obj)


class TagFeed(SubjectFeed):
    model = Tag

    def filter(self, articles, obj):
        return articles.filter(tags=obj)

    def subject_url(self, obj):
        return reverse("reader:tag", args=[obj.slug])


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": FullTextAtom, "subtitle": feed_class.description},
    )
