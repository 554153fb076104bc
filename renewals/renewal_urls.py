"""The endorsee's renewal pages, under /endorsements/<pk>/renewal/."""

from django.urls import path

from . import renewal_views as views

urlpatterns = [
    path("<int:pk>/renewal/", views.renewal, name="renewal"),
    path("<int:pk>/renewal/membership/", views.details, name="renewal_details"),
    path("<int:pk>/renewal/attestation/", views.attest, name="renewal_attest"),
    path("<int:pk>/renewal/submit/", views.submit, name="renewal_submit"),
    path("<int:pk>/renewal/<str:kind>/add/", views.entry_add, name="renewal_entry_add"),
    path("<int:pk>/renewal/<str:kind>/import/", views.import_log, name="renewal_import"),
    path("<int:pk>/renewal/<str:kind>/<int:entry_pk>/", views.entry_edit, name="renewal_entry_edit"),
    path(
        "<int:pk>/renewal/<str:kind>/<int:entry_pk>/delete/", views.entry_delete, name="renewal_entry_delete"
    ),
]
