"""Loading one object's relations with one probe for the empty ones (endorsement.prefetching)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from endorsement.prefetching import prefetch_present, related_present
from tests.applications.factories import add_training, make_application

pytestmark = pytest.mark.django_db


def test_related_present_names_only_the_relations_that_hold_rows(guidelines):
    application = make_application(code="IFS")
    add_training(application, 2)
    with CaptureQueriesContext(connection) as captured:
        present = related_present(application, ["trainingentry_entries", "rscentry_entries", "fees"])
    assert present == {"trainingentry_entries"}
    assert len(captured) == 1


def test_prefetch_present_reads_the_rows_and_empty_relations_cost_no_query(guidelines):
    application = make_application(code="IFS")
    add_training(application, 3)
    application = Application.objects.get(pk=application.pk)
    present = prefetch_present(application, ["trainingentry_entries", "rscentry_entries"], also=["fees"])
    assert present == {"trainingentry_entries"}
    with CaptureQueriesContext(connection) as captured:
        assert len(application.trainingentry_entries.all()) == 3
        assert list(application.rscentry_entries.all()) == []
    assert len(captured) == 0


def test_only_reverse_foreign_keys_can_be_probed(guidelines):
    application = make_application(code="IFS")
    with pytest.raises(ValueError, match="not a reverse foreign key"):
        related_present(application, ["category"])
