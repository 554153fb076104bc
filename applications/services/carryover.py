"""Carrying entries over from an applicant's earlier application, section by section.

Someone applying for IMHS after IFS has the same degrees, positions, training and RS/C behind
them. Copies are independent rows of the new application (editing one never changes the other);
a document goes with its entry as a copy of the file owned by the new application, so each
application's documents stay readable by that application's readers only. Copying is idempotent:
an entry whose fields and document already match one of the new application's is skipped.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.services import rules_for_category

from ..models import Application, Document
from ..sections import SECTIONS
from .lifecycle import ENTRY_MODELS, ApplicationError

# The field holding the document of each kind of section entry that has one.
DOCUMENT_FIELDS = {
    "degree": "transcript",
    "coursework": "transcript",
    "certificate": "document",
    "training": "certificate",
}
# Each kind of section entry: its model and the field holding its document (None: it has none).
KIND_MODELS = {kind: (model, DOCUMENT_FIELDS.get(kind)) for kind, model in ENTRY_MODELS.items()}
# Fields that say where and when a row was made, not what it says.
NOT_CONTENT = {"id", "application", "created_at"}


def copyable_sections(application):
    """The sections whose entries can be carried into `application` (leadership only where the
    category asks for it)."""
    names = [name for name, section in SECTIONS.items() if section["kinds"]]
    params = rules_for_category(application.category)["application"].get("leadership_activities")
    if not params or params.get("required") is False:
        names.remove("leadership")
    return names


def earlier_applications(application):
    """The same person's other applications, newest first."""
    return list(
        Application.objects.filter(applicant_id=application.applicant_id)
        .exclude(pk=application.pk)
        .select_related("category__edition")
        .order_by("-created_at")
    )


def _content_fields(model, document_field):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in NOT_CONTENT and field.name != document_field
    ]


def _fingerprint(entry, fields, document_field):
    document = getattr(entry, document_field) if document_field else None
    return (*(repr(getattr(entry, name)) for name in fields), document.sha256 if document else None)


def _entries(kind, applications):
    model, document_field = KIND_MODELS[kind]
    rows = model.objects.filter(application__in=applications)
    return rows.select_related(document_field) if document_field else rows


def _new_entries(application, sources, kinds):
    """{(source pk, kind): [entries of that source not yet in `application`]}."""
    found = {}
    for kind in kinds:
        model, document_field = KIND_MODELS[kind]
        fields = _content_fields(model, document_field)
        have = set()
        by_source = {}
        for entry in _entries(kind, [application, *sources]):
            if entry.application_id == application.pk:
                have.add(_fingerprint(entry, fields, document_field))
            else:
                by_source.setdefault(entry.application_id, []).append(entry)
        for source_pk, entries in by_source.items():
            seen = set(have)
            fresh = []
            for entry in entries:
                key = _fingerprint(entry, fields, document_field)
                if key not in seen:
                    seen.add(key)
                    fresh.append(entry)
            found[(source_pk, kind)] = fresh
    return found


def offers(application, sections=None):
    """What could be copied into `application`: per earlier application with something new, the
    sections and how many of their entries it would add."""
    if not application.is_editable():
        return []
    sources = earlier_applications(application)
    if not sources:
        return []
    names = [
        name
        for name in (sections or copyable_sections(application))
        if name in copyable_sections(application)
    ]
    kinds = [kind for name in names for kind in SECTIONS[name]["kinds"]]
    new = _new_entries(application, sources, kinds)
    result = []
    for source in sources:
        counts = [
            {
                "name": name,
                "title": SECTIONS[name]["title"],
                "count": sum(len(new.get((source.pk, kind), [])) for kind in SECTIONS[name]["kinds"]),
            }
            for name in names
        ]
        counts = [item for item in counts if item["count"]]
        if counts:
            result.append({"source": source, "sections": counts})
    return result


def _copy_document(document, application, by, copies):
    """A copy of `document` owned by `application` (one per file: the same file is copied once)."""
    if document is None:
        return None
    if document.sha256 in copies:
        return copies[document.sha256]
    existing = Document.objects.filter(
        application=application, sha256=document.sha256, kind=document.kind
    ).first()
    if existing is None:
        try:
            with document.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            # The earlier file is gone from storage: the entry comes over without it, and the
            # checklist shows the document as not uploaded.
            return None
        existing = Document(
            application=application,
            kind=document.kind,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=by,
        )
        existing.file.save(document.original_name, ContentFile(content), save=False)
        existing.save()
    copies[document.sha256] = existing
    return existing


@transaction.atomic
def copy_section(application, source, section, *, by):
    """Copy the entries of `section` from `source` (the same person's earlier application) into
    the draft `application`; returns how many entries were added (0 when all were there)."""
    app = Application.objects.select_for_update().select_related("category__edition").get(pk=application.pk)
    if not app.is_editable():
        raise ApplicationError(_("This application is submitted and can no longer be changed."))
    if source.pk == app.pk or source.applicant_id != app.applicant_id:
        raise ApplicationError(_("Entries can only be copied from your own earlier application."), "source")
    if section not in copyable_sections(app):
        raise ApplicationError(_("This section's entries cannot be copied."), "section")
    kinds = SECTIONS[section]["kinds"]
    new = _new_entries(app, [source], kinds)
    copies = {}
    added = 0
    for kind in kinds:
        model, document_field = KIND_MODELS[kind]
        for entry in new.get((source.pk, kind), []):
            document = getattr(entry, document_field) if document_field else None
            entry.pk = entry.id = None
            entry._state.adding = True
            entry.application, entry.created_at = app, timezone.now()
            if document_field:
                setattr(entry, document_field, _copy_document(document, app, by, copies))
            entry.save()
            added += 1
    return added
