import importlib.util
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from competencies.models import Edition


def pytest_configure(config):
    """The compiled Spanish catalogue, built when missing or older than its .po (the .mo is not
    tracked), so that `pytest` alone shows Spanish pages. Built once, before any test runs: under
    pytest-xdist by the controlling process, before it starts the workers that read it."""
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller has built it
    base = Path(__file__).resolve().parent.parent
    po = base / "locale/es/LC_MESSAGES/django.po"
    mo = po.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        subprocess.run([base / "scripts/messages.sh", "compile"], check=True)  # noqa: S603 -- our own script


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the competency guidelines once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_guidelines", verbosity=0)


@pytest.fixture
def guidelines(db):
    """The guidelines, reloaded if a transactional test flushed them."""
    if not Edition.objects.exists():
        call_command("load_guidelines", verbosity=0)
    return Edition.objects.all()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the authenticator app every staff member must have."""
    from tests.endorsement.staff_factories import give_totp

    give_totp(admin_user)
    return admin_user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, and
    figures cached by one (the dashboard's, the queue's counts, the sign-in rate limits) must not
    show in the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def settings_read_from(monkeypatch):
    """Read endorsement/settings.py afresh in this process as a process started with only the
    given environment would: the module, or the ImproperlyConfigured it raises. The environment
    and Django's own settings are back as they were after the test."""

    def read(environ):
        for name in list(os.environ):
            monkeypatch.delenv(name)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        path = settings.BASE_DIR / "endorsement" / "settings.py"
        spec = importlib.util.spec_from_file_location("endorsement.settings_read_in_a_test", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return read
