from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The site readers see: front page, articles, listings, search, feeds, sitemaps."""

    name = "reader"
    verbose_name = _("Situs pembaca")
