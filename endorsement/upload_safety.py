"""What an upload's content may not be: a PDF with active content, or anything clamd flags.

`check_content(upload, content_type)` raises a `ValidationError` that says at the field what
is wrong and what to do; it runs after the type is recognised by its first bytes.
"""

import os

from django import forms
from django.utils.translation import gettext as _

from . import clamav
from .pdf_inspection import UnreadablePdf, active_content


def check_content(upload, content_type):
    name = os.path.basename(upload.name or "file")

    def refusal(message, code, **params):
        # Every refusal names the file, so that the applicant knows which upload to replace.
        return forms.ValidationError(message, code=code, params={"name": name, **params})

    if content_type == "application/pdf":
        try:
            found = active_content(upload)
        except UnreadablePdf:
            raise refusal(
                _(
                    "“%(name)s” could not be read as a PDF (it is damaged or protected by a password). "
                    "Save or print it to a new PDF without a password and upload that."
                ),
                "unreadable_pdf",
            ) from None
        if found:
            raise refusal(
                _(
                    "“%(name)s” contains %(what)s, which we do not accept in documents. Print it to a "
                    "new PDF (or scan the paper copy) and upload that."
                ),
                "active_content",
                what=str(found),
            )
    if clamav.enabled():
        try:
            virus = clamav.scan(upload)
        except clamav.ScannerUnavailable:
            raise refusal(
                _(
                    "We could not check “%(name)s” for viruses just now, so it was not saved. Try "
                    "again in a few minutes."
                ),
                "scan_unavailable",
            ) from None
        if virus:
            raise refusal(
                _(
                    "Our virus scanner flagged “%(name)s” (%(virus)s), so it was not saved. Check the "
                    "file with your own antivirus program, or scan the paper copy again."
                ),
                "virus",
                virus=virus,
            )
