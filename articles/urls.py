from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.headlines, name="headlines"),
    path("berita/<int:pk>/", views.article_detail, name="detail-short"),
    path("berita/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("rubrik/<slug:slug>/", views.CategoryArticleList.as_view(), name="category"),
    path("wilayah/<slug:slug>/", views.RegionArticleList.as_view(), name="region"),
    path("tag/<str:slug>/", views.TagArticleList.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceArticleList.as_view(), name="source"),
    path("penulis/<str:username>/", views.AuthorArticleList.as_view(), name="author"),
    path("cari/", views.search, name="search"),
    path("ralat/", views.CorrectionList.as_view(), name="corrections"),
    path("baca/<int:pk>/", views.record_read, name="read"),
    path("rss/", feeds.ArticleFeed(), name="feed"),
    path("atom/", feeds.atom(feeds.ArticleFeed)(), name="feed-atom"),
    path("rubrik/<slug:slug>/rss/", feeds.CategoryFeed(), name="category-feed"),
    path("rubrik/<slug:slug>/atom/", feeds.atom(feeds.CategoryFeed)(), name="category-feed-atom"),
    path("wilayah/<slug:slug>/rss/", feeds.RegionFeed(), name="region-feed"),
    path("wilayah/<slug:slug>/atom/", feeds.atom(feeds.RegionFeed)(), name="region-feed-atom"),
    path("tag/<str:slug>/rss/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<str:slug>/atom/", feeds.atom(feeds.TagFeed)(), name="tag-feed-atom"),
    path("pratinjau/<str:token>/", views.preview, name="preview"),
]
