"""The applicant's pages under /applications/ and a reference rater's under /ratings/."""

from django.urls import path

from .sections import SECTION_PAGES
from .views import portfolio, profile, ratings, references

app_name = "applications"

urlpatterns = [
    path("", portfolio.home, name="home"),
    path("start/", portfolio.start, name="start"),
    path("profile/", profile.profile, name="profile"),
    path("import-templates/<slug:kind>.csv", portfolio.import_template, name="import_template"),
    path("<int:pk>/", portfolio.overview, name="overview"),
    path("<int:pk>/review/", portfolio.review, name="review"),
    path("<int:pk>/submit/", portfolio.submit, name="submit"),
    path("<int:pk>/receipt/", portfolio.receipt, name="receipt"),
    path("<int:pk>/withdraw/", portfolio.withdraw, name="withdraw"),
    path("<int:pk>/documents/<int:doc_pk>/", portfolio.document, name="document"),
    path("<int:pk>/copy/", portfolio.copy_entries, name="copy_entries"),
    path("<int:pk>/training/import/", portfolio.import_training, name="import_training"),
    path("<int:pk>/rsc/import/", portfolio.import_rsc, name="import_rsc"),
    path("<int:pk>/entries/<slug:kind>/<int:entry_pk>/", portfolio.entry_edit, name="entry_edit"),
    path("<int:pk>/entries/<slug:kind>/<int:entry_pk>/delete/", portfolio.entry_delete, name="entry_delete"),
    *[path(f"<int:pk>/{name}/", portfolio.section, {"section": name}, name=name) for name in SECTION_PAGES],
    # The references section: inviting, resending, replacing raters.
    path("<int:pk>/references/", references.reference_list, name="references"),
    path("<int:pk>/references/reuse/", references.reference_reuse, name="reference_reuse"),
    path("<int:pk>/references/<int:ref_pk>/", references.rating_detail, name="rating_detail"),
    path("<int:pk>/references/<int:ref_pk>/resend/", references.reference_resend, name="reference_resend"),
    path(
        "<int:pk>/references/<int:ref_pk>/replace/",
        references.reference_replace,
        name="reference_replace",
    ),
    path("<int:pk>/references/<int:ref_pk>/remove/", references.reference_remove, name="reference_remove"),
]

# What a reference rater sees: /ratings/<token>/ and the rating form behind it (namespace "ratings").
rating_patterns = [
    # The token-free pages come first: their names are never taken for a token.
    path("form/", ratings.rating_form, name="form"),
    path("decline/", ratings.decline, name="decline"),
    path("thanks/", ratings.thanks, name="thanks"),
    path("<str:token>/", ratings.start, name="start"),
]
