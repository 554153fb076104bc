import pytest

from .factories import make_coordinator


@pytest.fixture
def coordinator(db):
    return make_coordinator(legal_name="Casey Coordinator")
