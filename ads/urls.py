from django.urls import path

from ads import views

app_name = "ads"
urlpatterns = [
    path("iklan/tampil/", views.seen, name="seen"),
    path("iklan/<int:pk>/klik/", views.click, name="click"),
]
