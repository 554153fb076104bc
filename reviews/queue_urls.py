"""The coordinator's queue, its CSV export and the dashboard."""

from django.urls import path

from . import dashboard_views, views

urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("export.csv", views.queue_export, name="queue_export"),
    path("dashboard/", dashboard_views.dashboard_view, name="dashboard"),
]
