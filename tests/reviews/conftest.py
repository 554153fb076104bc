import pytest

from tests.endorsement.staff_factories import give_totp

from .factories import make_coordinator


@pytest.fixture
def coordinator(db):
    return make_coordinator(legal_name="Casey Coordinator")


@pytest.fixture
def staff(coordinator, client):
    """The coordinator, signed in with a second factor as staff pages require."""
    give_totp(coordinator)
    client.force_login(coordinator)
    return coordinator
