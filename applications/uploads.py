"""Uploaded documents: recognised by content, limited in size, stored privately, named safely."""

import hashlib
import os

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import get_valid_filename
from django.utils.translation import gettext, gettext_lazy

from endorsement.request_limits import describe_size
from endorsement.upload_safety import check_content

from .models import Document

# Content type, the extension we give the stored file, and the signature its first bytes carry.
SIGNATURES = (
    ("application/pdf", ".pdf", b"%PDF-"),
    ("image/png", ".png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff"),
)
ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
INLINE_TYPES = frozenset(content_type for content_type, _ext, _magic in SIGNATURES)


def max_megabytes():
    return f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):g} MB"


def detect_type(upload):
    """(content type, extension) from the file's first bytes, or None when it is none of ours."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, extension, magic in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(upload):
    """Raise a ValidationError the applicant can act on, or return (content type, extension)."""
    if upload.size == 0:
        raise forms.ValidationError(gettext_lazy("The file is empty. Choose the file again."), code="empty")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            gettext_lazy(
                "This file is %(size)s; files can be at most %(limit)s. Scan it at a lower resolution "
                "or save it as a smaller PDF, then upload it again."
            ),
            code="too_large",
            params={"size": describe_size(upload.size, settings.UPLOAD_MAX_BYTES), "limit": max_megabytes()},
        )
    detected = detect_type(upload)
    if detected is None:
        raise forms.ValidationError(
            gettext_lazy(
                "“%(name)s” is not a PDF, JPEG or PNG file (we look at the file's content, not its name). "
                "Save or scan the document as a PDF, JPEG or PNG and upload it again."
            ),
            code="wrong_type",
            params={"name": os.path.basename(upload.name or "file")},
        )
    check_content(upload, detected[0])
    return detected


def safe_filename(original, extension):
    """A file name safe to store and send: letters, digits, dashes; the extension of the detected type."""
    stem = os.path.splitext(os.path.basename(original or ""))[0]
    stem = get_valid_filename(stem.replace(".", "_")) if stem.strip(" ._") else ""
    return f"{(stem or 'document')[:80]}{extension}"


def _upload_help():
    return gettext("PDF, JPEG or PNG, at most %(limit)s. Stored privately.") % {"limit": max_megabytes()}


# Fields are built at import, before any request chose a language.
_upload_help_text = lazy(_upload_help, str)


class DocumentField(forms.FileField):
    """A file field that accepts only PDF, JPEG or PNG content within the size limit."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _upload_help_text())
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            upload.detected_type = check_upload(upload)
        return upload


def store_document(application, upload, *, kind, by):
    """Save a checked upload to private storage and record it; returns the Document."""
    content_type, extension = getattr(upload, "detected_type", None) or check_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = safe_filename(upload.name, extension)
    document = Document(
        application=application,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save(name, upload, save=False)
    document.save()
    return document
