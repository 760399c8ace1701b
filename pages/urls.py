from django.urls import path

from infra.pagecache import public_page
from pages import views

app_name = "pages"

urlpatterns = [
    path("redaksi/", public_page(views.redaksi), name="redaksi"),
    path("pedoman-media-siber/", public_page(views.pedoman), name="pedoman"),
]
