"""The advisor's pages: the applications they guide and the conversation with the applicant."""

from django.urls import path

from . import advisor_views as views

app_name = "advisor"

urlpatterns = [
    path("", views.index, name="index"),
    path("applications/<int:pk>/", views.application, name="application"),
]
