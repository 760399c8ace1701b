from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("akun/bahasa/", views.set_language_preference, name="language"),
]
