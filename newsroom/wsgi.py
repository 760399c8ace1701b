"""WSGI entry point (gunicorn newsroom.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()


def warm_up() -> None:
    """Do once, here, what every process would otherwise do on its first requests: import
    the views through the URL configuration, load each language's translations, compile
    the public pages' templates and load the cache's client library.

    gunicorn loads this module in its master and forks the workers from it
    (``preload_app``), so a new or recycled worker starts warm instead of making its
    first readers wait for all of this. Nothing here opens a connection (to the database
    or the cache), which forked workers would then share.
    """
    from django.conf import settings
    from django.core.cache import cache
    from django.template import engines
    from django.urls import reverse
    from django.utils import translation

    from infra.internals import open_cache_client

    reverse("reader:headlines")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Berita terkini dari daerah.")
    public = engines["jinja2"].env
    for name in public.list_templates(extensions=["html"]):
        public.get_template(name)
    open_cache_client(cache)


warm_up()
