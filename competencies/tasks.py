"""Every competencies task: rendering a category page's PDF."""

from celery import shared_task
from django.conf import settings

from .guideline_pdfs import render_and_store
from .models import Category


@shared_task(acks_late=True)
def render_guideline_pdf(*, category_id, designation="", language=None):
    """Render and store the category's PDF of its current content in `language` (tasks queued
    before languages existed name none: the site's default), unless it is stored."""
    category = (
        Category.objects.select_related("edition__association", "competencies_from")
        .filter(pk=category_id)
        .first()
    )
    if category is None:
        return
    render_and_store(category, designation, language or settings.LANGUAGE_CODE)
