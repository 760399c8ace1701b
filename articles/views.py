from itertools import groupby

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from taggit.models import Tag

from articles.models import Article, Category, Correction, PreviewLink, Region, Source

LATEST_COUNT = 10
PER_CATEGORY = 4
RELATED_COUNT = 4


def headlines(request):
    """The front page: the top story, the latest stories and a block per category."""
    published = Article.objects.published().for_listing()
    top = published.filter(is_top_story=True).first() or published.first()
    latest = list(published.exclude(pk=top.pk)[:LATEST_COUNT]) if top else []
    ranked = (
        published.filter(category__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("category_id")],
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=PER_CATEGORY)
    )
    in_order = sorted(ranked, key=lambda a: (a.category.position, a.category.name, -a.rank))
    blocks = [
        (category, sorted(items, key=lambda a: a.rank))
        for category, items in groupby(in_order, key=lambda a: a.category)
    ]
    return render(
        request,
        "articles/headlines.html",
        {"top_story": top, "latest": latest, "category_blocks": blocks},
    )


def article_detail(request, pk, slug=None):
    """An article at its canonical URL; staff who may edit it see drafts as a preview.

    A story taken down under the Pedoman answers 410 Gone with its public note.
    """
    article = (
        Article.objects.previewable_by(request.user)
        .select_related("category", "region", "region__province", "source", "author", "lead_image")
        .prefetch_related("tags", "corrections")
        .filter(pk=pk)
        .first()
    )
    if article is None or (article.is_taken_down and not article.is_public):
        removed = article or Article.objects.taken_down().filter(pk=pk).first()
        if removed is None:
            raise Http404(_("Artikel tidak ditemukan."))
        if not (request.user.is_staff and request.user.has_perm("articles.change_article")):
            return render(request, "articles/taken_down.html", {"article": removed}, status=410)
        article = removed
    if slug != article.slug:
        return redirect(article, permanent=True)
    return _render_article(request, article)


def preview(request, token):
    """An unpublished article shown through a signed, expiring, revocable link."""
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404(_("Tautan pratinjau tidak dikenal."))
    if not link.is_valid:
        response = render(request, "articles/preview_expired.html", {"link": link}, status=410)
        add_never_cache_headers(response)
        return response
    article = (
        Article.objects.select_related(
            "category", "region", "region__province", "source", "author", "lead_image"
        )
        .prefetch_related("tags", "corrections")
        .get(pk=link.article_id)
    )
    return _render_article(request, article, preview_link=link)


def _render_article(request, article, *, preview_link=None):
    related = []
    if article.category_id:
        related = (
            Article.objects.published()
            .for_listing()
            .filter(category_id=article.category_id)
            .exclude(pk=article.pk)[:RELATED_COUNT]
        )
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            "is_preview": not article.is_public or preview_link is not None,
            "preview_link": preview_link,
        },
    )
    if not article.is_public or preview_link is not None:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


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


class ArticleListView(ListView):
    """A paginated listing of published articles about one subject (rubrik, region, ...)."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    subject_model = None
    kind = ""

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_subject(self):
        return get_object_or_404(self.subject_model, slug=self.kwargs["slug"])

    def filter_articles(self, articles):
        raise NotImplementedError

    def get_queryset(self):
        self.subject = self.get_subject()
        return self.filter_articles(Article.objects.published().for_listing())

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, kind=self.kind, **kwargs)


class CategoryArticleList(ArticleListView):
    subject_model = Category
    kind = _("Rubrik")

    def filter_articles(self, articles):
        return articles.filter(category=self.subject)


class RegionArticleList(ArticleListView):
    subject_model = Region
    kind = _("Wilayah")

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

    def filter_articles(self, articles):
        return articles.filter(tags=self.subject)


class SourceArticleList(ArticleListView):
    subject_model = Source
    kind = _("Sumber")

    def filter_articles(self, articles):
        return articles.filter(source=self.subject)
