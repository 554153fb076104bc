"""The security suite (`./scripts/security.sh`): fixtures from the tests, and its printed figures."""

import pytest

from tests.conftest import admin_user, django_db_setup, guidelines  # noqa: F401 -- shared fixtures

FIGURES = {}


@pytest.fixture
def figures():
    """Tests record what they tried: figures["hostile uploads tried"] += 1 and the like."""
    return FIGURES


def pytest_terminal_summary(terminalreporter):
    from tests.authorization_cases import CASES, ROLES

    posts = [case for case in CASES if case.post is not None]
    matrix = {
        outcome: sum(
            "test_authorization_matrix.py::" in report.nodeid
            for report in terminalreporter.stats.get(outcome, [])
        )
        for outcome in ("passed", "failed")
    }
    FIGURES["authorization matrix URL x role pairs"] = (len(CASES) + len(posts)) * len(ROLES)
    FIGURES["  matrix tests passed"] = matrix["passed"]
    FIGURES["  matrix tests failed"] = matrix["failed"]
    terminalreporter.section("security suite figures")
    for key, value in FIGURES.items():
        terminalreporter.write_line(f"{key:<48} {value:>7,}")
