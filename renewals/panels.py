"""The endorsee's endorsements on the applicant's home page (/applications/)."""

from django.template.loader import render_to_string

from .views.endorsee import endorsement_rows


def endorsements_panel(request):
    if not request.user.is_authenticated:
        return ""
    rows = endorsement_rows(request.user)
    if not rows:
        return ""
    return render_to_string("renewals/_home_panel.html", {"rows": rows}, request=request)
