from django.urls import include, path

from . import profile_views, views

app_name = "applications"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("profile/", profile_views.profile, name="profile"),
    path("import-templates/<slug:kind>.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document, name="document"),
    path("<int:pk>/training/import/", views.import_training, name="import_training"),
    path("<int:pk>/rsc/import/", views.import_rsc, name="import_rsc"),
    path("<int:pk>/entries/<slug:kind>/<int:entry_pk>/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/entries/<slug:kind>/<int:entry_pk>/delete/", views.entry_delete, name="entry_delete"),
    *[
        path(f"<int:pk>/{name}/", views.section, {"section": name}, name=name)
        for name in ("education", "work", "training", "rsc", "leadership", "membership", "attestations")
    ],
    # The references section and its actions live in reference_urls.py.
    path("", include("applications.reference_urls")),
]
