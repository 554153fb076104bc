"""The comment thread on an application, shared by applicant, advisors and coordinators."""

from django.urls import path

from . import thread_views as views

app_name = "thread"

urlpatterns = [
    path("", views.index, name="index"),
    path("post/", views.post, name="post"),
]
