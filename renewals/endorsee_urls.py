"""The endorsee's endorsements and certificates."""

from django.urls import path

from . import endorsee_views

urlpatterns = [
    path("", endorsee_views.home, name="home"),
    path("<int:pk>/", endorsee_views.detail, name="detail"),
    path("<int:pk>/directory/", endorsee_views.directory_listing, name="directory_listing"),
    path("<int:pk>/certificate/", endorsee_views.certificate, name="certificate"),
]
