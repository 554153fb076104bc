"""The public verification of an endorsement by its code."""

from django.urls import path

from . import public_views

app_name = "verify"

urlpatterns = [
    path("<str:code>/", public_views.verify, name="detail"),
]
