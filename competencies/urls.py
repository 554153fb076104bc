"""Every competencies page: the public guidelines (namespace "competencies", /guidelines/) and an
association admin's staff pages (`staff_patterns`, namespace "staff", /associations/)."""

from django.urls import path

from .views import guidelines, staff

app_name = "competencies"

urlpatterns = [
    path("", guidelines.index, name="index"),
    path("<slug:edition>/<slug:category>/", guidelines.category_detail, name="category"),
    path("<slug:edition>/<slug:category>/pdf/", guidelines.category_pdf, name="category_pdf"),
]

staff_patterns = [
    path("", staff.index, name="index"),
    path("<slug:slug>/staff/", staff.association, name="association"),
    path("<slug:slug>/staff/add/", staff.add, name="add"),
    path("<slug:slug>/staff/<int:pk>/remove/", staff.remove, name="remove"),
]
