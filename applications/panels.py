"""Panels that later apps add to the applicant's pages, so applications never imports them.

A provider is a callable returning the output of `render_to_string` (safe HTML; a plain string
would be escaped in the page) or an empty string when it has nothing to show. Apps register
providers in `AppConfig.ready` (see `endorsement.extensions`).
"""

from endorsement.extensions import ExtensionPoint

HOME_PANELS = ExtensionPoint(
    "provider(request) -> html: shown at the top of the applicant's home page (e.g. endorsements)."
)
APPLICATION_PANELS = ExtensionPoint(
    """provider(request, application, section) -> html: shown on the application's overview
    (section is "") and on each section page (e.g. change requests and the comment thread)."""
)


def home_panels(request):
    return [html for provider in HOME_PANELS if (html := provider(request))]


def application_panels(request, application, section=""):
    return [html for provider in APPLICATION_PANELS if (html := provider(request, application, section))]
