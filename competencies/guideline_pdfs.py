"""The category pages as PDFs: rendered once per content by a worker, then served from storage.

WeasyPrint takes seconds for a category page, so a web request never renders one. A request
renders the page's print HTML (as cheap as the HTML page) and looks up the PDF by the HTML's
fingerprint: a stored file is served; otherwise the first request records a `GuidelinePdf` row
and queues one render through the outbox, and every visitor until it is stored is told it is
being prepared. The unique row is the lock: however many anonymous requests arrive, one render
per document and content is queued, and it runs on a worker, not in a web process.

With tasks running in-process (the embedded default) the render runs in the first request,
after its commit, and that request serves the file.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from endorsement import outbox
from endorsement.languages import supported
from endorsement.pdf import html_to_pdf

from . import guidelines
from .models import GuidelinePdf

logger = logging.getLogger(__name__)

TEMPLATE = "competencies/category.html"


def print_html(category, designation=""):
    """The HTML a category's PDF is made from; the same for every visitor of the active language."""
    return render_to_string(TEMPLATE, guidelines.page_context(category, designation, for_print=True))


def page_language():
    """The language the page's headings are in: the visitor's, as one of settings.LANGUAGES."""
    return supported(translation.get_language())


def fingerprint(html):
    return hashlib.sha256(html.encode()).hexdigest()


def stored_or_queued(category, designation=""):
    """The category's PDF of its current content in the active language: a rendered row, or an
    unrendered one queued."""
    key = {
        "category": category,
        "designation": designation,
        "language": page_language(),
        "fingerprint": fingerprint(print_html(category, designation)),
    }
    pdf = GuidelinePdf.objects.filter(**key).first()
    if pdf is not None and pdf.is_rendered() and pdf.file.storage.exists(pdf.file.name):
        return pdf
    if pdf is not None and pdf.is_rendered():
        logger.warning("Guideline PDF %s lost its file; rendering it again", pdf.pk)
        pdf.delete()
        pdf = None
    if pdf is None:
        pdf = _queue(key)
    return pdf


def _queue(key):
    from .tasks import render_guideline_pdf

    try:
        with transaction.atomic():
            pdf = GuidelinePdf.objects.create(**key)
            outbox.enqueue(
                render_guideline_pdf,
                category_id=key["category"].pk,
                designation=key["designation"],
                language=key["language"],
            )
    except IntegrityError:  # another request queued it a moment ago
        return GuidelinePdf.objects.get(**key)
    # Tasks running in-process have rendered it by now (after the commit above); a render of
    # newer content may even have replaced the row, and the visitor is told to come back.
    return GuidelinePdf.objects.filter(pk=pdf.pk).first() or pdf


def file_name(category, designation, digest):
    suffix = "-" + designation.replace("/", "").lower() if designation else ""
    return f"guidelines/{category.edition.slug}/{category.slug}{suffix}-{digest[:16]}.pdf"


def render_and_store(category, designation="", language=None):
    """Render the category's current content in `language` (default: the active one) unless it is
    stored; True if this call stored it.

    Keyed by the fingerprint of the content the worker reads, not the one a visitor saw: if an
    admin edited the edition meanwhile, the file of the new content is stored, and the rows of
    older content of the same page (with their files) are removed.
    """
    language = supported(language or translation.get_language())
    with translation.override(language):
        html = print_html(category, designation)
    digest = fingerprint(html)
    pdf, _ = GuidelinePdf.objects.get_or_create(
        category=category, designation=designation, language=language, fingerprint=digest
    )
    if pdf.is_rendered():
        return False
    storage = pdf.file.storage
    name = file_name(category, designation, digest)
    if storage.exists(name):  # left by a run that died before recording it
        storage.delete(name)
    saved = storage.save(name, ContentFile(html_to_pdf(html)))
    stored = GuidelinePdf.objects.filter(pk=pdf.pk, rendered_at__isnull=True).update(
        file=saved, rendered_at=timezone.now()
    )
    if not stored:
        if saved != GuidelinePdf.objects.filter(pk=pdf.pk).values_list("file", flat=True).first():
            storage.delete(saved)
        return False
    _remove_older(pdf)
    return True


def _remove_older(pdf):
    older = GuidelinePdf.objects.filter(
        category=pdf.category_id,
        designation=pdf.designation,
        language=pdf.language,
        created_at__lte=pdf.created_at,
    ).exclude(pk=pdf.pk)
    for name in older.exclude(file="").values_list("file", flat=True):
        pdf.file.storage.delete(name)
    older.delete()
