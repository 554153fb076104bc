"""Choice labels translated one at a time, the one shown (endorsement.choice_labels)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from applications.models import Application
from reviews.models import ReviewerAssignment
from tests.applications.factories import make_application

Status = Application.Status


def test_a_status_label_follows_the_language_of_the_page(guidelines):
    application = make_application()
    Application.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    application.refresh_from_db()
    with translation.override("en"):
        assert application.get_status_display() == "In review"
    with translation.override("es"):
        assert application.get_status_display() == "En revisión"


def test_a_value_outside_the_choices_is_shown_as_it_is_without_a_query(guidelines):
    application = make_application()
    application.status = "archived_long_ago"
    with CaptureQueriesContext(connection) as captured:
        assert application.get_status_display() == "archived_long_ago"
    assert len(captured) == 0


def test_every_label_of_a_field_is_shown_as_its_choices_say():
    assignment = ReviewerAssignment()
    for value, label in ReviewerAssignment.Status.choices:
        assignment.status = value
        assert assignment.get_status_display() == str(label)
