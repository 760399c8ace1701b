from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

admin.site.site_header = format_lazy("{} {}", _("Redaksi"), settings.SITE_NAME)
admin.site.site_title = _("Redaksi")
admin.site.index_title = _("Meja redaksi")
admin.site.site_url = "/"

from accounts import views as account_views  # noqa: E402
from infra import health  # noqa: E402
from infra.pagecache import public_page  # noqa: E402
from reader import views as article_views  # noqa: E402
from reader.sitemaps import SITEMAPS  # noqa: E402

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("robots.txt", public_page(article_views.robots_txt), name="robots"),
    path("sitemap.xml", public_page(article_views.sitemap_index), name="sitemap-index"),
    path("sitemap-news.xml", public_page(article_views.sitemap_news), name="sitemap-news"),
    path(
        "sitemap-<str:section>.xml",
        public_page(sitemap_views.sitemap, params=("p",)),  # Django's sitemap pages
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("api/v1/", include("api.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("", include("accounts.urls")),
    path("", include("pages.urls")),
    path("", include("ads.urls")),
    path("", include("push.urls")),
    path("", include("reader.urls")),
]

# A database that does not answer is a 503 saying so, not a 500 (infra/errors.py).
handler500 = "infra.errors.server_error"

if settings.NEWSROOM_BENCHMARK:
    urlpatterns.append(path("bench/ceiling/", health.ceiling, name="bench-ceiling"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
