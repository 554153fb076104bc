"""The endorsee's endorsements on the applicant's home page (/applications/), and the panels
apps to the right of renewals add to an endorsement's page."""

from django.template.loader import render_to_string

from endorsement.extensions import ExtensionPoint

from .models import LISTINGS, Endorsement


def endorsements_panel(request):
    # Imported here: the endorsee views import this module for ENDORSEMENT_PANELS.
    from .views.endorsee import endorsement_rows

    if not request.user.is_authenticated:
        return ""
    # Most applicants hold no endorsement yet: that answer is kept until an endorsement is written.
    holds = Endorsement.objects.filter(holder=request.user).exists
    if not LISTINGS.kept(f"holds:{request.user.pk}", holds):
        return ""
    rows = endorsement_rows(request.user)
    if not rows:
        return ""
    return render_to_string("renewals/_home_panel.html", {"rows": rows}, request=request)


ENDORSEMENT_PANELS = ExtensionPoint(
    """provider(request, endorsement) -> html (render_to_string output) or "": shown on the
    endorsement's page (/endorsements/<pk>/) below the certificate (credentials: the credential)."""
)


def endorsement_panels(request, endorsement):
    return [html for provider in ENDORSEMENT_PANELS if (html := provider(request, endorsement))]
