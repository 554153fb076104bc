"""What the benchmarks share: Django on the test settings, and a throwaway test database.

Import it before any model: `from harness import throwaway_database`. The database is
``test_<name>`` of DATABASE_URL (PostgreSQL) or a temporary SQLite file, dropped afterwards.
"""

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorsement.settings_test")

import django  # noqa: E402

django.setup()

# Eager tasks log a line each at INFO; the figures are what a benchmark is for.
logging.getLogger("celery").setLevel(logging.WARNING)

from django.db import connections  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)


@contextmanager
def throwaway_database():
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        connections.close_all()
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
