import json
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONObject
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from taggit.models import Tag, TaggedItem

from ads.models import PageType
from ads.slots import for_page as ads_for_page
from articles import readership
from articles.context_processors import nav_categories
from articles.models import (
    Article,
    Category,
    Correction,
    PreviewLink,
    Region,
    Source,
    with_categories,
)
from blocks.markup import Blocks, page_policy
from blocks.models import MARKERS as BLOCK_MARKERS
from infra.internals import database_of, give_csp
from infra.precompiled import Precompiled, prefetched
from infra.tallies import counts_as_reader
from live.markup import entry as live_entry
from live.models import LiveEntry
from reader import front_page
from reader import search as article_search
from reader.markup import absolute_url
from reader.sitemaps import SITEMAPS, news_items

RELATED_COUNT = 4


def headlines(request):
    """The front page: breaking news, the top story and pinned ones, the latest stories,
    a block per rubrik, the home province's regions, and the most read."""
    context = front_page.contents()
    return render(
        request, "articles/headlines.html", {**context, "ads": ads_for_page(PageType.FRONT)}
    )


ARTICLE_RELATIONS = ("category", "region", "region__province", "source", "author", "lead_image")


def _tag_rows():
    """The article's tags, each as a JSON object, joined by commas: asked for in the
    article's own query instead of in one more."""
    tag = JSONObject(id="tag_id", name="tag__name", slug="tag__slug")
    return Subquery(
        TaggedItem.objects.filter(
            # By name, not by id: the statement is compiled once per process, and a
            # content type's id is the database's to change (a flushed test database does).
            content_type__app_label=Article._meta.app_label,
            content_type__model=Article._meta.model_name,
            object_id=OuterRef("pk"),
        )
        .order_by()
        .values("object_id")
        .annotate(rows=StringAgg(Cast(tag, TextField()), delimiter=Value(",")))
        .values("rows")
    )


def _tags(article: Article) -> list[Tag]:
    """The tags ``_tag_rows()`` brought along with the article, by name."""
    db, rows = database_of(article), article.tag_rows
    return [
        Tag.from_db(db, ("id", "name", "slug"), (tag["id"], tag["name"], tag["slug"]))
        for tag in sorted(json.loads(f"[{rows or ''}]"), key=lambda tag: tag["name"])
    ]


# What every reader's article page runs, compiled once per process (see precompiled.py).
public_article = Precompiled(
    lambda pk, now: (
        Article.objects.published(now=now)
        .select_related(*ARTICLE_RELATIONS)
        .annotate(
            # Few stories ever need a correction: ask in the same query, not in one more.
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
            tag_rows=_tag_rows(),
        )
        .filter(pk=pk)[:1]
    ),
    pk=int,
    now=datetime,
)
article_corrections = Precompiled(lambda pk: Correction.objects.filter(article_id=pk), pk=int)
related_stories = Precompiled(
    lambda pk, category, now: (
        Article.objects.published(now=now)
        .for_listing(with_category=False)  # the article's own rubrik, handed over below
        .filter(category_id=category)
        .exclude(pk=pk)[:RELATED_COUNT]
    ),
    pk=int,
    category=int,
    now=datetime,
)


def article_detail(request, pk, slug=None):
    """An article at its canonical URL; staff who may edit it see drafts as a preview.

    A story taken down under the Pedoman answers 410 Gone with its public note.
    """
    if Article.may_be_previewed_by(request.user):
        article = _article_for_staff(pk)
    else:
        article = next(iter(public_article(pk=pk, now=timezone.now())), None)
        if article is not None:
            prefetched(article, "tags", _tags(article))
            corrections = article_corrections(pk=pk) if article.has_corrections else []
            prefetched(article, "corrections", corrections)
    if article is None:
        removed = Article.objects.taken_down().filter(pk=pk).first()
        if removed is None:
            raise Http404(_("Artikel tidak ditemukan."))
        return render(request, "articles/taken_down.html", {"article": removed}, status=410)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return _render_article(request, article)


def _article_for_staff(pk):
    return (
        Article.objects.select_related(*ARTICLE_RELATIONS)
        .prefetch_related("tags", "corrections")
        .filter(pk=pk)
        .first()
    )


def preview(request, token):
    """An unpublished article shown through a signed, expiring, revocable link."""
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404(_("Tautan pratinjau tidak dikenal."))
    if not link.is_valid:
        response = render(request, "articles/preview_expired.html", {"link": link}, status=410)
        add_never_cache_headers(response)
        return response
    article = _article_for_staff(link.article_id)
    if article is None:
        raise Http404(_("Artikel tidak ditemukan."))
    return _render_article(request, article, preview_link=link)


def _render_article(request, article, *, preview_link=None):
    related = []
    if article.category_id:
        related = related_stories(pk=article.pk, category=article.category_id, now=timezone.now())
        with_categories(related, [article.category])
    is_preview = not article.is_public or preview_link is not None
    entries = live_entries(article) if article.is_live_coverage else []
    ads = None
    if not is_preview:
        ads = ads_for_page(PageType.ARTICLE, category=article.category, region=article.region)
    bodies = [article.body, *(entry.body for entry in entries)]
    blocks = None
    if any(marker in (body or "") for body in bodies for marker in BLOCK_MARKERS):
        blocks = Blocks.of(*bodies)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            "is_preview": is_preview,
            "preview_link": preview_link,
            "ads": ads,
            "entries": entries,
            "key_events": [entry for entry in entries if entry.is_key_event],
            "latest_entries": entries[:LIVE_ENTRIES_SHOWN],
            "older_entries": entries[LIVE_ENTRIES_SHOWN:],
            "live_poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
            "blocks": blocks,
        },
    )
    if blocks and (policy := page_policy(blocks)):
        give_csp(response, policy)  # this page's embeds' providers, and only theirs
    if is_preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    elif article.modified_at:
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
    return response


LIVE_ENTRIES_SHOWN = 20  # the rest wait behind "entri sebelumnya", in the same HTML


def live_entries(article) -> list:
    """A live coverage's entries shown on its page, pinned first, then newest first (one
    query; the page itself decides who sees the story: readers once public, staff's
    preview before)."""
    entries = list(LiveEntry.objects.shown().filter(article_id=article.pk).as_shown())
    for entry in entries:
        entry.article = article  # the entry's markup links to its story
    return entries


def live_updates(request, pk):
    """What a live coverage page asks for every few seconds: its newest entries as markup,
    served from the page cache (a few seconds old at most) with an ETag, so a reader's
    poll costs no query."""
    article = Article.objects.published().filter(pk=pk).first()
    if article is None or not article.is_live_coverage:
        raise Http404(_("Liputan langsung tidak ditemukan."))
    entries = live_entries(article)[:LIVE_ENTRIES_SHOWN]
    page_url = absolute_url(article.get_absolute_url())
    blocks = Blocks.of(*(entry.body for entry in entries))
    data = {
        "live": article.is_live,
        "entries": [
            {"id": entry.pk, "html": str(live_entry(entry, page_url, blocks))} for entry in entries
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["X-Robots-Tag"] = "noindex"
    return response


def search(request):
    """/cari/?q=: published articles only; empty, long or odd queries get a clear page."""
    query, shortened = article_search.clean_query(request.GET.get("q", ""))
    context = {"query": query, "shortened": shortened}
    if query:
        with article_search.planned_for_its_words() as alias:
            matches = article_search.search(query).using(alias)
            paginator = Paginator(matches, settings.NEWSROOM_PAGE_SIZE)
            try:
                page = paginator.page(request.GET.get("page") or 1)
            except (InvalidPage, ValueError):
                raise Http404(_("Halaman hasil pencarian tidak ada.")) from None
            found = list(page.object_list)
        words = article_search.terms_of(query)
        results = [
            (
                article,
                article_search.highlight(article.headline, words),
                article_search.snippet(article, words),
            )
            for article in found
        ]
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            results=results,
            how_many_found=article_search.how_many_found(paginator.count),
        )
    response = render(request, "articles/search.html", context)
    response["X-Robots-Tag"] = "noindex, follow"
    return response


@csrf_exempt
@require_POST
def record_read(request, pk):
    """The read beacon of the article page: counted (articles.readership), no cookie, no
    query."""
    if counts_as_reader(request):
        readership.record_read(pk)
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


def sitemap_index(request):
    """The sitemap index, with every section (and page of it) on the site's own domain."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": section})
        latest = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            url = location if page == 1 else f"{location}?p={page}"
            entries.append({"location": url, "last_mod": latest})
    entries.append({"location": settings.SITE_URL + reverse("sitemap-news"), "last_mod": None})
    return render(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_news(request):
    """Google News sitemap: the last 48 hours, at most 1,000 stories."""
    return render(
        request,
        "articles/sitemap_news.xml",
        {
            "articles": news_items(),
            "site_url": settings.SITE_URL,
            "publication": settings.SITE_NAME,
        },
        content_type="application/xml",
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: " + reverse("admin:index"),
        "Disallow: /pratinjau/",
        "Disallow: /cari/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-news')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class CorrectionList(ListView):
    """Every ralat, koreksi and hak jawab on published stories, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .order_by("-published_at", "-id")
        )


class ListingPage:
    """A page of a listing that knows its neighbours, not the total."""

    def __init__(self, object_list, number, *, has_next):
        self.object_list, self.number, self._has_next = object_list, number, has_next

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


class ArticleListView(ListView):
    """A paginated listing of published articles about one subject (rubrik, region, ...)."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    subject_model = None
    kind = ""
    feed_name = ""

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        """Pages without counting the whole listing: one row more says there is a next page."""
        try:
            number = int(self.request.GET.get("page") or 1)
        except ValueError:
            raise Http404(_("Halaman tidak valid.")) from None
        if number < 1:
            raise Http404(_("Halaman tidak valid."))
        start = (number - 1) * page_size
        rows = with_categories(list(queryset[start : start + page_size + 1]), self.categories)
        if number > 1 and not rows:
            raise Http404(_("Halaman tidak ada."))
        page = ListingPage(rows[:page_size], number, has_next=len(rows) > page_size)
        return None, page, page.object_list, page.has_other_pages()

    def get_subject(self):
        return get_object_or_404(self.subject_model, slug=self.kwargs["slug"])

    def filter_articles(self, articles):
        raise NotImplementedError

    def get_queryset(self):
        self.subject = self.get_subject()
        self.categories = nav_categories()  # for the navigation and the items' rubriks
        articles = Article.objects.published().for_listing(with_category=False)
        return self.filter_articles(articles)

    def get_context_data(self, **kwargs):
        feed_url = reverse(self.feed_name, args=[self.subject.slug]) if self.feed_name else ""
        ads = ads_for_page(
            PageType.LISTING,
            category=self.subject if isinstance(self.subject, Category) else None,
            region=self.subject if isinstance(self.subject, Region) else None,
        )
        return super().get_context_data(
            subject=self.subject,
            kind=self.kind,
            feed_url=feed_url,
            nav_categories=self.categories,
            ads=ads,
            **kwargs,
        )


class AuthorArticleList(ArticleListView):
    """A reporter's page: bio, photo and their published stories (Google asks for bylines
    that link to such pages). Only people with published stories have one."""

    template_name = "articles/author.html"
    kind = _("Penulis")

    def get_subject(self):
        author = get_object_or_404(
            get_user_model().objects.select_related("photo"), username=self.kwargs["username"]
        )
        if not Article.objects.published().filter(author=author).exists():
            raise Http404(_("Penulis tidak ditemukan."))
        return author

    def filter_articles(self, articles):
        return articles.filter(author=self.subject)


class CategoryArticleList(ArticleListView):
    subject_model = Category
    kind = _("Rubrik")
    feed_name = "reader:category-feed"

    def filter_articles(self, articles):
        return articles.filter(category=self.subject)


class RegionArticleList(ArticleListView):
    subject_model = Region
    kind = _("Wilayah")
    feed_name = "reader:region-feed"

    def get_subject(self):
        return get_object_or_404(
            Region.objects.select_related("province"), slug=self.kwargs["slug"]
        )

    def filter_articles(self, articles):
        return articles.in_region(self.subject)

    def get_context_data(self, **kwargs):
        regencies = self.subject.regencies.all() if self.subject.is_province else []
        return super().get_context_data(regencies=regencies, **kwargs)


class TagArticleList(ArticleListView):
    subject_model = Tag
    kind = _("Tag")
    feed_name = "reader:tag-feed"

    def filter_articles(self, articles):
        return articles.filter(tags=self.subject)


class GallerySubject:
    name = _("Galeri foto")
    description = _("Foto-foto peristiwa, upacara, bencana dan perayaan dari daerah.")
    slug = ""

    def __str__(self):
        return str(self.name)


class GalleryArticleList(ArticleListView):
    """/galeri/: the photo galleries (stories of the kind "Galeri foto")."""

    kind = _("Galeri")

    def get_subject(self):
        return GallerySubject()

    def filter_articles(self, articles):
        return articles.filter(kind=Article.Kind.GALLERY)


class SourceArticleList(ArticleListView):
    subject_model = Source
    kind = _("Sumber")

    def filter_articles(self, articles):
        return articles.filter(source=self.subject)
