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
    if content_type == "application/pdf":
        try:
            found = active_content(upload)
        except UnreadablePdf:
            raise forms.ValidationError(
                _(
                    "“%(name)s” could not be read as a PDF (it is damaged or protected by a password). "
                    "Save or print it to a new PDF without a password and upload that."
                ),
                code="unreadable_pdf",
                params={"name": name},
            ) from None
        if found:
            raise forms.ValidationError(
                _(
                    "“%(name)s” contains %(what)s, which we do not accept in documents. Print it to a "
                    "new PDF (or scan the paper copy) and upload that."
                ),
                code="active_content",
                params={"name": name, "what": str(found)},
            )
    if clamav.enabled():
        try:
            virus = clamav.scan(upload)
        except clamav.ScannerUnavailable:
            raise forms.ValidationError(
                _(
                    "We could not check “%(name)s” for viruses just now, so it was not saved. Try "
                    "again in a few minutes."
                ),
                code="scan_unavailable",
                params={"name": name},
            ) from None
        if virus:
            raise forms.ValidationError(
                _(
                    "Our virus scanner flagged “%(name)s” (%(virus)s), so it was not saved. Check the "
                    "file with your own antivirus program, or scan the paper copy again."
                ),
                code="virus",
                params={"name": name, "virus": virus},
            )
