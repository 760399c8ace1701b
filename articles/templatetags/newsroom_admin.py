from datetime import timedelta

from django import template
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
