from django.urls import path, register_converter

from infra.pagecache import public_page
from infra.paths import RowIdConverter
from reader import feeds, views

app_name = "reader"
PAGED = ("page",)  # listings: the page number is all their content depends on
LEGACY = ("p", "page_id")
register_converter(RowIdConverter, "id")

urlpatterns = [
    # WordPress's /?p=123 is answered by reader.redirects, so the front page keeps p apart.
    path("", public_page(views.headlines, params=LEGACY), name="headlines"),
    path("berita/<id:pk>/", public_page(views.article_detail), name="detail-short"),
    path("berita/<id:pk>/<str:slug>/", public_page(views.article_detail), name="detail"),
    # A live coverage's newest entries, polled by its page (static/js/live.js).
    path(
        "berita/<id:pk>/pembaruan.json",
        public_page(views.live_updates, seconds=5),
        name="live-updates",
    ),
    path(
        "rubrik/<slug:slug>/",
        public_page(views.CategoryArticleList.as_view(), params=PAGED),
        name="category",
    ),
    path(
        "wilayah/<slug:slug>/",
        public_page(views.RegionArticleList.as_view(), params=PAGED),
        name="region",
    ),
    path("tag/<str:slug>/", public_page(views.TagArticleList.as_view(), params=PAGED), name="tag"),
    path(
        "sumber/<slug:slug>/",
        public_page(views.SourceArticleList.as_view(), params=PAGED),
        name="source",
    ),
    path(
        "penulis/<str:username>/",
        public_page(views.AuthorArticleList.as_view(), params=PAGED),
        name="author",
    ),
    path(
        "galeri/",
        public_page(views.GalleryArticleList.as_view(), params=PAGED),
        name="galleries",
    ),
    path("cari/", views.search, name="search"),
    path("ralat/", public_page(views.CorrectionList.as_view(), params=PAGED), name="corrections"),
    path("baca/<id:pk>/", views.record_read, name="read"),
    path("rss/", public_page(feeds.ArticleFeed()), name="feed"),
    path("atom/", public_page(feeds.atom(feeds.ArticleFeed)()), name="feed-atom"),
    path("rubrik/<slug:slug>/rss/", public_page(feeds.CategoryFeed()), name="category-feed"),
    path(
        "rubrik/<slug:slug>/atom/",
        public_page(feeds.atom(feeds.CategoryFeed)()),
        name="category-feed-atom",
    ),
    path("wilayah/<slug:slug>/rss/", public_page(feeds.RegionFeed()), name="region-feed"),
    path(
        "wilayah/<slug:slug>/atom/",
        public_page(feeds.atom(feeds.RegionFeed)()),
        name="region-feed-atom",
    ),
    path("tag/<str:slug>/rss/", public_page(feeds.TagFeed()), name="tag-feed"),
    path("tag/<str:slug>/atom/", public_page(feeds.atom(feeds.TagFeed)()), name="tag-feed-atom"),
    path("pratinjau/<str:token>/", views.preview, name="preview"),
]
