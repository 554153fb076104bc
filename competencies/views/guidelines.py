"""Public pages of the competency guidelines."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from endorsement.pdf import render_pdf

from .. import guidelines


@require_GET
def index(request):
    editions = guidelines.editions_for_index(request.user)
    return render(request, "competencies/index.html", {"editions": editions})


@require_GET
def category_detail(request, edition, category):
    category = guidelines.get_category_for(request.user, edition, category)
    designation = guidelines.clean_designation(request.GET.get("designation", ""), category)
    return render(request, "competencies/category.html", guidelines.category_page(category, designation))


@require_GET
def category_pdf(request, edition, category):
    category = guidelines.get_category_for(request.user, edition, category)
    designation = guidelines.clean_designation(request.GET.get("designation", ""), category)
    context = {**guidelines.category_page(category, designation), "for_print": True}
    pdf = render_pdf("competencies/category.html", context, request=request)
    filename = guidelines.pdf_filename(category, designation)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(False, filename)},
    )
