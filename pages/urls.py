from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("redaksi/", views.redaksi, name="redaksi"),
    path("pedoman-media-siber/", views.pedoman, name="pedoman"),
]
