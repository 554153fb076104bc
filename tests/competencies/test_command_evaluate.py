import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

ELIGIBLE_2025_IFS = {
    "edition": "mi-aimh-2025",
    "category": "IFS",
    "as_of": "2025-06-30",
    "work": [
        {
            "title": "Home visitor",
            "start": "2022-01-01",
            "end": None,
            "paid": True,
            "infant_related": True,
            "families_served": 10,
            "social_emotional_focus": True,
            "relationship_focus": True,
        }
    ],
    "training": [{"title": "Infant mental health foundations", "date": "2024-03-01", "hours": 33}],
    "rsc": [
        {
            "provider": "R. Supervisor",
            "provider_endorsements": ["ERS"],
            "format": "group",
            "start": "2024-01-01",
            "end": "2024-12-31",
            "hours": 24,
        }
    ],
    "references": [
        {"role": "program_supervisor", "status": "submitted"},
        {"role": "rsc_provider", "status": "submitted"},
        {"role": "colleague", "status": "submitted"},
    ],
    "code_of_ethics_signed": True,
    "agreement_signed": True,
    "membership": {"association": "MI-AIMH", "expires": "2026-01-01"},
}


def run_evaluate(*args, stdin=None, data_dir):
    """Run the command as a person would on a fresh checkout: an empty, unmigrated database."""
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "evaluate", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "endorsement.settings",
            "DATA_DIR": str(data_dir),
        },
    )


class Completed:
    """What `evaluate` printed and how it exited, run in this process."""

    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def evaluate_in_process(*args, stdin=None, monkeypatch):
    """Run the command in this process (the subprocess smoke test covers a fresh checkout); an
    exception other than the command's own exit fails the test, as a traceback would."""
    stdout, stderr = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        call_command("evaluate", *args, stdout=stdout, stderr=stderr)
        returncode = 0
    except SystemExit as exit_:
        returncode = exit_.code
    return Completed(returncode, stdout.getvalue(), stderr.getvalue())


@pytest.mark.django_db
def test_evaluate_prints_the_result_as_json(tmp_path, capsys):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(ELIGIBLE_2025_IFS))
    call_command("evaluate", str(facts))
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "eligible"
    statuses = {item["key"]: item["status"] for item in result["requirements"]}
    assert statuses["education"] == "not_required"
    assert statuses["training"] == "met"


@pytest.mark.slow
def test_evaluate_reads_standard_input(tmp_path):
    """The one subprocess smoke test: the command as a person runs it on a fresh checkout."""
    completed = run_evaluate("-", stdin=json.dumps(ELIGIBLE_2025_IFS), data_dir=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["status"] == "eligible"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"training": [{"date": "2024-03-01", "hours": -1}]}, "training[0].hours"),
        ({"category": "XYZ"}, "category"),
        ({"edition": "no-such-edition"}, "edition"),
        ({"work": [{"start": "2024-01-01", "end": "2023-01-01"}]}, "work[0].end"),
    ],
)
@pytest.mark.django_db
def test_malformed_facts_exit_2_with_the_field_named_and_no_traceback(change, field, monkeypatch):
    completed = evaluate_in_process(
        "-", stdin=json.dumps({**ELIGIBLE_2025_IFS, **change}), monkeypatch=monkeypatch
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert field in completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
def test_invalid_json_is_reported_plainly(monkeypatch):
    completed = evaluate_in_process("-", stdin="{not json", monkeypatch=monkeypatch)
    assert completed.returncode == 2
    assert "not valid JSON" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.django_db
def test_missing_file_is_reported_plainly(monkeypatch):
    completed = evaluate_in_process("/nonexistent/facts.json", monkeypatch=monkeypatch)
    assert completed.returncode == 2
    assert "cannot read" in completed.stderr
