from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.headlines, name="headlines"),
    path("berita/<int:pk>/", views.article_detail, name="detail-short"),
    path("berita/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("rubrik/<slug:slug>/", views.CategoryArticleList.as_view(), name="category"),
    path("wilayah/<slug:slug>/", views.RegionArticleList.as_view(), name="region"),
    path("tag/<str:slug>/", views.TagArticleList.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceArticleList.as_view(), name="source"),
    path("ralat/", views.CorrectionList.as_view(), name="corrections"),
    path("pratinjau/<str:token>/", views.preview, name="preview"),
]
