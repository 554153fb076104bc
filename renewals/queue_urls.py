"""The coordinator's renewal queue."""

from django.urls import path

from . import queue_views as views

app_name = "renewal_queue"

urlpatterns = [
    path("", views.queue, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/request-changes/", views.request_changes, name="request_changes"),
]
