"""Public pages of the competency guidelines."""

from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import guideline_pdfs, guidelines

# A PDF being rendered is ready in seconds; the waiting page asks again after this long.
PDF_RETRY_SECONDS = 5


@require_GET
def index(request):
    return render(request, "competencies/index.html", {"body": guidelines.index_body(request.user)})


@require_GET
def category_detail(request, edition, category):
    category = guidelines.get_category_for(request.user, edition, category)
    designation = guidelines.clean_designation(request.GET.get("designation", ""), category)
    return render(request, "competencies/category.html", guidelines.page_context(category, designation))


@require_GET
def category_pdf(request, edition, category):
    category = guidelines.get_category_for(request.user, edition, category)
    designation = guidelines.clean_designation(request.GET.get("designation", ""), category)
    pdf = guideline_pdfs.stored_or_queued(category, designation)
    if not pdf.is_rendered():
        context = {"category": category, "designation": designation, "retry_seconds": PDF_RETRY_SECONDS}
        response = render(request, "competencies/pdf_pending.html", context, status=503)
        response["Retry-After"] = str(PDF_RETRY_SECONDS)
        return response
    # Inline, as before: the browser shows it; the name is the one a visitor saves it under.
    return FileResponse(
        pdf.file.open("rb"),
        content_type="application/pdf",
        filename=guidelines.pdf_filename(category, designation),
    )
