"""The reviewer's pages: assigned applications, the review form, stepping back."""

from django.urls import path

from . import reviewer_views as views

app_name = "reviewer"

urlpatterns = [
    path("", views.assignments, name="assignments"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/step-back/", views.recuse, name="recuse"),
]
