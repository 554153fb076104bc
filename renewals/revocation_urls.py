"""The coordinator's revoke and reinstate actions, under /coordinator/endorsements/<pk>/."""

from django.urls import path

from . import revocation_views as views

app_name = "endorsement_standing"

urlpatterns = [
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/reinstate/", views.reinstate, name="reinstate"),
]
