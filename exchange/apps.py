from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Content in and out: the desk's text files, WordPress, partner feeds, the archive."""

    name = "exchange"
    verbose_name = _("Impor dan ekspor")
