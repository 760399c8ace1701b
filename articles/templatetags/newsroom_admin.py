from datetime import timedelta

from django import template
from django.contrib.admin.templatetags import admin_list
from django.db.models import Max, Min
from django.utils import timezone

from articles import readership
from articles.models import Article, Correction

register = template.Library()

ROWS = 8


@register.inclusion_tag("admin/_dashboard.html", takes_context=True)
def editors_dashboard(context):
    """The news desk at a glance: what waits for review, what appears today, my drafts,
    what readers read now, and the latest corrections."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    articles = Article.objects.filter(trashed_at__isnull=True).select_related("author", "category")
    today = timezone.localtime()
    end_of_day = today.replace(hour=23, minute=59, second=59)
    return {
        "show": True,
        "review": articles.filter(status=Article.Status.REVIEW).order_by("-updated_at")[:ROWS],
        "scheduled_today": Article.objects.scheduled()
        .filter(published_at__lte=end_of_day)
        .select_related("author")
        .order_by("published_at")[:ROWS],
        "my_drafts": articles.filter(status=Article.Status.DRAFT, author=user).order_by(
            "-updated_at"
        )[:ROWS],
        "most_read": readership.most_read(hours=3, limit=ROWS),
        "corrections": Correction.objects.select_related("article")
        .filter(published_at__gte=today - timedelta(days=30))
        .order_by("-published_at")[:ROWS],
    }


class _DatesByRange:
    """The article list's queryset as the date drill-down sees it: which years and months
    have articles, asked period by period through the index, instead of truncating the
    date of every row (a full scan of a million articles on every list page)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def aggregate(self, **aggregates):
        return self.queryset.aggregate(**aggregates)

    def datetimes(self, field_name, kind):
        if kind not in ("year", "month"):
            return self.queryset.datetimes(field_name, kind)
        bounds = self.queryset.aggregate(first=Min(field_name), last=Max(field_name))
        if not (bounds["first"] and bounds["last"]):
            return []
        first, last = (timezone.localtime(bounds[key]) for key in ("first", "last"))
        periods = []
        start = first.replace(month=1 if kind == "year" else first.month, day=1)
        start = start.replace(hour=0, minute=0, second=0, microsecond=0)
        while start <= last:
            if kind == "year":
                end = start.replace(year=start.year + 1)
            else:
                year, month = divmod(start.year * 12 + start.month, 12)  # the next month
                end = start.replace(year=year, month=month + 1)
            span = {f"{field_name}__gte": start, f"{field_name}__lt": end}
            if self.queryset.filter(**span).exists():
                periods.append(start)
            start = end
        return periods


class _DrillDown:
    def __init__(self, changelist):
        self._changelist = changelist
        self.queryset = _DatesByRange(changelist.queryset)

    def __getattr__(self, name):
        return getattr(self._changelist, name)


@register.inclusion_tag("admin/date_hierarchy.html")
def fast_date_hierarchy(changelist):
    """Django's date drill-down, with years and months found through the index."""
    return admin_list.date_hierarchy(_DrillDown(changelist))
