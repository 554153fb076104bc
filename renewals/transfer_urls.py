"""Transfers between associations: the endorsee asks, the receiving coordinators decide."""

from django.urls import path

from . import transfer_views as views

app_name = "transfers"

urlpatterns = [
    path("endorsements/<int:pk>/transfer/", views.request_transfer, name="request"),
    path("coordinator/transfers/", views.queue, name="queue"),
    path("coordinator/transfers/<int:pk>/decide/", views.decide, name="decide"),
]
