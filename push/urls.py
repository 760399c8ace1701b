from django.urls import path

from infra.pagecache import public_page
from push import views

app_name = "push"
urlpatterns = [
    path("sw.js", views.service_worker, name="service-worker"),
    path("notifikasi/kunci.json", public_page(views.server_key), name="key"),
    path("notifikasi/langganan/", views.subscribe, name="subscribe"),
    path("notifikasi/berhenti/", views.unsubscribe, name="unsubscribe"),
    path("notifikasi/<int:pk>/buka/", views.click, name="click"),
]
