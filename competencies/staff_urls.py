"""An association admin's staff pages (/associations/...)."""

from django.urls import path

from . import staff_views as views

app_name = "staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/staff/", views.association, name="association"),
    path("<slug:slug>/staff/add/", views.add, name="add"),
    path("<slug:slug>/staff/<int:pk>/remove/", views.remove, name="remove"),
]
