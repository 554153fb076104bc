"""CSV import of the training and RS/C logs: parse everything, show every problem, add all or nothing.

The one import flow for every log: the applicant's (owned by an application) and the endorsee's
renewal logs (owned by a renewal period, validated by the renewal forms). Upload → `preview`
(parsed rows kept signed in the session) → confirm → `take_preview` → the owner's service adds
the rows bound again with `row_form`, all or none.
"""

import csv
import hashlib
import io
import json

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from .forms.portfolio import RSCEntryForm, TrainingEntryForm
from .models import Application, RSCEntry, TrainingEntry

MAX_ROWS = 1000
MAX_PAYLOAD = 200_000  # bytes of the signed preview kept in the session
SALT = "applications.imports"
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}


class CSVImportError(Exception):
    """The file cannot be read at all; the message is for the applicant."""


# The columns of each log, in order: (column, description for the page, example value).
KINDS = {
    "training": {
        "title": gettext_lazy("Specialized training"),
        "model": TrainingEntry,
        "form": TrainingEntryForm,
        "booleans": ("about_rsc",),
        "lists": (),
        "columns": [
            ("title", gettext_lazy("Title of the training (required)"), "Supporting early relationships"),
            ("provider", gettext_lazy("Who offered it (optional)"), "State IMH association"),
            ("date", gettext_lazy("Date, YYYY-MM-DD or MM/DD/YYYY (required)"), "2025-03-14"),
            ("hours", gettext_lazy("Clock hours, decimals allowed (required)"), "6.5"),
            ("about_rsc", gettext_lazy("About providing RS/C: yes or no (optional, default no)"), "no"),
        ],
    },
    "rsc": {
        "title": gettext_lazy("Reflective supervision/consultation"),
        "model": RSCEntry,
        "form": RSCEntryForm,
        "booleans": ("about_rsc_provided",),
        "lists": ("provider_endorsements",),
        "columns": [
            ("provider", gettext_lazy("Your RS/C provider's name (required)"), "Dr. Jane Rivera"),
            (
                "provider_endorsements",
                gettext_lazy(
                    "The provider's endorsement codes separated by semicolons, e.g. IMHM-C;ERS (optional)"
                ),
                "IMHM-C",
            ),
            ("format", gettext_lazy("individual or group (required)"), "individual"),
            ("start", gettext_lazy("First session, YYYY-MM-DD or MM/DD/YYYY (required)"), "2024-01-10"),
            ("end", gettext_lazy("Last session, YYYY-MM-DD or MM/DD/YYYY (required)"), "2024-12-18"),
            ("hours", gettext_lazy("Clock hours in the period, decimals allowed (required)"), "12"),
            (
                "about_rsc_provided",
                gettext_lazy("About the RS/C you provide: yes or no (optional, default no)"),
                "no",
            ),
        ],
    },
}


def display_row(row, spec):
    """A parsed row as the preview table shows it: yes/no, lists joined, a dash for nothing."""
    cells = []
    for column, _doc, _example in spec["columns"]:
        value = row.get(column)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, list):
            value = ", ".join(value) or "—"
        cells.append(value if value not in (None, "") else "—")
    return {"row": row["row"], "cells": cells}


def template_csv(kind):
    spec = KINDS[kind]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column for column, _doc, _example in spec["columns"]])
    writer.writerow([example for _column, _doc, example in spec["columns"]])
    return out.getvalue()


def _read_text(upload):
    raw = b"".join(upload.chunks())
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CSVImportError(
        gettext_lazy("The file is not a text CSV file. Save it from your spreadsheet as “CSV (UTF-8)”.")
    )


def parse(kind, upload, *, form=None):
    """(rows, problems): every valid row as form data, and every wrong row with all that is wrong in
    it: {"row": number, "reasons": [one whole sentence per wrong column]}.

    `form` validates each row instead of the log's own form (the renewal logs have the same
    columns on other models)."""
    spec = KINDS[kind]
    form_class = form or spec["form"]
    text = _read_text(upload)
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise CSVImportError(
            gettext("The file could not be read as CSV: %(error)s.") % {"error": error}
        ) from None
    expected = [column for column, _doc, _example in spec["columns"]]
    required = [column for column, doc, _example in spec["columns"] if "(required)" in doc]
    missing = [column for column in required if column not in header]
    if missing:
        raise CSVImportError(
            gettext(
                "The first row must name the columns. Missing: %(columns)s. "
                "Download the template to see the expected columns."
            )
            % {"columns": ", ".join(missing)}
        )
    reader.fieldnames = header
    rows, problems = [], []
    try:
        for number, record in enumerate(reader, start=2):  # row 1 is the header
            if not any((value or "").strip() for key, value in record.items() if key):
                continue
            if len(rows) + len(problems) >= MAX_ROWS:
                raise CSVImportError(
                    gettext("The file has more than %(count)d rows; split it into smaller files.")
                    % {"count": MAX_ROWS}
                )
            data, reasons = _row_data(spec, record, expected)
            form = form_class(data=data)
            if form.is_valid() and not reasons:
                rows.append({"row": number, **_serialisable(form.cleaned_data, expected)})
                continue
            for name, errors in form.errors.items():
                if name in reasons:  # the column's own reason says it better than the form
                    continue
                reasons[name] = " ".join(errors)
            problems.append(
                {
                    "row": number,
                    "reasons": [_sentence(name, reason) for name, reason in reasons.items()],
                }
            )
    except csv.Error as error:
        raise CSVImportError(
            gettext("The file could not be read as CSV: %(error)s.") % {"error": error}
        ) from None
    return rows, problems


def _sentence(column, reason):
    """ "Column “hours”: Enter a number." — the column named, the reason a whole sentence."""
    reason = reason.strip()
    if reason and reason[-1] not in ".!?":
        reason += "."
    if column == "__all__":
        return reason
    return gettext("Column “%(column)s”: %(reason)s") % {
        "column": column,
        "reason": reason[:1].upper() + reason[1:],
    }


def _row_data(spec, record, expected):
    """The row as form data, and {column: reason} for the values the form cannot judge."""
    data, reasons = {}, {}
    for column in expected:
        value = (record.get(column) or "").strip()
        if column in spec["booleans"]:
            if value.lower() in TRUE:
                value = "True"
            elif value.lower() in FALSE:
                value = "False"
            else:
                reasons[column] = gettext("“%(value)s” is not yes or no") % {"value": value}
                value = "False"  # so that the form still checks the row's other columns
        elif column in spec["lists"]:
            value = [code.strip().upper() for code in value.replace(",", ";").split(";") if code.strip()]
        elif column == "format":
            value = value.lower()
        data[column] = value
    return data, reasons


def _serialisable(cleaned, columns):
    out = {}
    for column in columns:
        value = cleaned.get(column)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | list | str | int):
            value = str(value)  # Decimal hours
        out[column] = value
    return out


def digest(rows):
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]


def _owner(owner):
    """Whose log a preview is for: [model name, pk], e.g. ["application", 7] or ["renewalperiod", 3]."""
    return [owner._meta.model_name, owner.pk]


def session_key(owner, kind):
    name, pk = _owner(owner)
    return f"import:{name}:{pk}:{kind}"


def keep_preview(session, owner, kind, rows):
    """Keep the parsed rows between preview and confirmation: signed, and limited in size."""
    payload = signing.dumps({"owner": _owner(owner), "kind": kind, "rows": rows}, salt=SALT, compress=True)
    if len(payload) > MAX_PAYLOAD:
        raise CSVImportError(
            gettext_lazy("The file has too much text to import at once; split it into smaller files.")
        )
    session[session_key(owner, kind)] = payload
    return digest(rows)


def take_preview(session, owner, kind, expected_digest):
    """The kept rows if they are the ones the person previewed, else None."""
    payload = session.get(session_key(owner, kind))
    if not payload:
        return None
    try:
        data = signing.loads(payload, salt=SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return None
    if data.get("owner") != _owner(owner) or data.get("kind") != kind:
        return None
    if digest(data["rows"]) != expected_digest:
        return None
    return data["rows"]


def forget_preview(session, owner, kind):
    session.pop(session_key(owner, kind), None)


def preview(session, owner, kind, upload_form, *, form=None):
    """Parse the file of a valid `upload_form` and keep the rows for confirmation: the preview's
    context, or {} with the reason at the form's file field. `form` as for `parse`."""
    spec = KINDS[kind]
    try:
        rows, problems = parse(kind, upload_form.cleaned_data["csv_file"], form=form)
        if not rows and not problems:
            raise CSVImportError(gettext_lazy("The file has no rows below the column names."))
        kept = keep_preview(session, owner, kind, rows) if not problems else ""
    except CSVImportError as error:
        upload_form.add_error("csv_file", str(error))
        return {}
    return {
        "rows": rows,
        "display_rows": [display_row(row, spec) for row in rows],
        "problems": problems,
        "digest": kept,
        "columns": [column for column, _doc, _example in spec["columns"]],
        "preview": True,
    }


def row_form(kind, row, *, form=None):
    """A previewed row bound again to the log's form (or `form`), to validate and save it."""
    data = {key: value for key, value in row.items() if key != "row"}
    for column in KINDS[kind]["booleans"]:
        data[column] = "True" if data.get(column) else "False"
    return (form or KINDS[kind]["form"])(data=data)


@transaction.atomic
def import_rows(application, kind, rows):
    """Add every row, or none: the rows are validated again inside one transaction."""
    from .services.lifecycle import ApplicationError

    spec = KINDS[kind]
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not app.is_editable():
        raise ApplicationError(gettext_lazy("This application is submitted and can no longer be changed."))
    entries = []
    for row in rows:
        form = row_form(kind, row)
        if not form.is_valid():
            raise ApplicationError(
                gettext("Row %(row)s is no longer valid; upload the file again.") % {"row": row["row"]}
            )
        entry = form.save(commit=False)
        entry.application = app
        entries.append(entry)
    spec["model"].objects.bulk_create(entries)
    return len(entries)
