"""The public directory of endorsed professionals who opted in."""

from django.urls import path

from . import public_views

app_name = "directory"

urlpatterns = [
    path("", public_views.directory, name="index"),
]
