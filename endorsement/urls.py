from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from .csp_reports import csp_report
from .health import healthz

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("csp-report", csp_report, name="csp_report"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("guidelines/", include("competencies.urls")),
    path("associations/", include("competencies.staff_urls")),
    path("", include("renewals.transfer_urls")),
    path("applications/<int:pk>/conversation/", include("reviews.thread_urls")),
    path("applications/", include("applications.urls")),
    path("ratings/", include("applications.rating_urls")),
    path("coordinator/renewals/", include("renewals.queue_urls")),
    path("coordinator/", include("reviews.urls")),
    path("reviewer/", include("reviews.reviewer_urls")),
    path("advisor/", include("reviews.advisor_urls")),
    path("endorsements/", include("renewals.urls")),
    path("verify/", include("renewals.verify_urls")),
    path("directory/", include("renewals.directory_urls")),
]

admin.site.site_header = "Endorsement administration"
admin.site.site_title = "Endorsement admin"
