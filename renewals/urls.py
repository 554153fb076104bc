"""The endorsee's pages: endorsements, certificates and renewal periods."""

from django.urls import include, path

app_name = "renewals"

urlpatterns = [
    path("", include("renewals.endorsee_urls")),
    path("", include("renewals.renewal_urls")),
]
