from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category
from infra.precompiled import Precompiled

# The rubriks in navigation order: on every page, so compiled once (see precompiled.py).
nav_categories = Precompiled(lambda: Category.objects.all())


def site(request):
    """Site name and navigation; the categories are only queried by pages that show them."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_categories": SimpleLazyObject(nav_categories),
    }
