from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from .health import healthz

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("guidelines/", include("competencies.urls")),
    path("applications/", include("applications.urls")),
    path("ratings/", include("applications.rating_urls")),
    path("coordinator/", include("reviews.urls")),
]

admin.site.site_header = "Endorsement administration"
admin.site.site_title = "Endorsement admin"
