"""The applicant's references section (inviting, resending, replacing raters)."""

from django.urls import path

from . import reference_views

urlpatterns = [
    path("<int:pk>/references/", reference_views.reference_list, name="references"),
    path("<int:pk>/references/<int:ref_pk>/", reference_views.rating_detail, name="rating_detail"),
    path(
        "<int:pk>/references/<int:ref_pk>/resend/", reference_views.reference_resend, name="reference_resend"
    ),
    path(
        "<int:pk>/references/<int:ref_pk>/replace/",
        reference_views.reference_replace,
        name="reference_replace",
    ),
    path(
        "<int:pk>/references/<int:ref_pk>/remove/", reference_views.reference_remove, name="reference_remove"
    ),
]
