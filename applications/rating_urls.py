"""What a reference rater sees: /ratings/<token>/ and the rating form behind it."""

from django.urls import path

from . import rating_views

app_name = "ratings"

urlpatterns = [
    # The token-free pages come first: their names are never taken for a token.
    path("form/", rating_views.rating_form, name="form"),
    path("decline/", rating_views.decline, name="decline"),
    path("thanks/", rating_views.thanks, name="thanks"),
    path("<str:token>/", rating_views.start, name="start"),
]
