from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from applications.urls import rating_patterns
from competencies.urls import staff_patterns
from renewals.urls import (
    directory_patterns,
    queue_patterns,
    revocation_patterns,
    transfer_patterns,
    verify_patterns,
)
from reviews.urls import advisor_patterns, reviewer_patterns, thread_patterns

from .csp_reports import csp_report
from .health import healthz
from .languages import set_language

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("csp-report", csp_report, name="csp_report"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("credentials.urls")),
    path("guidelines/", include("competencies.urls")),
    path("associations/", include((staff_patterns, "staff"))),
    path("", include((transfer_patterns, "transfers"))),
    path("applications/<int:pk>/conversation/", include((thread_patterns, "thread"))),
    path("applications/", include("applications.urls")),
    path("ratings/", include((rating_patterns, "ratings"))),
    path("coordinator/renewals/", include((queue_patterns, "renewal_queue"))),
    path("coordinator/endorsements/", include((revocation_patterns, "endorsement_standing"))),
    path("coordinator/", include("reviews.urls")),
    path("reviewer/", include((reviewer_patterns, "reviewer"))),
    path("advisor/", include((advisor_patterns, "advisor"))),
    path("endorsements/", include("renewals.urls")),
    path("verify/", include((verify_patterns, "verify"))),
    path("directory/", include((directory_patterns, "directory"))),
]

admin.site.site_header = _("Endorsement administration")
admin.site.site_title = _("Endorsement admin")
