from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category


def site(request):
    """Site name and navigation; the categories are only queried by pages that show them."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_categories": SimpleLazyObject(lambda: list(Category.objects.all())),
    }
