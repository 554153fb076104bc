"""Extension points: how an app on the left asks the apps on its right for something it needs.

Imports only run leftwards (competencies <- applications <- reviews <- renewals <- credentials). Where an app
on the left needs the answer of an app on its right, it declares an `ExtensionPoint` in the
module that uses it, documenting the callable it expects, and the app on the right registers
its callable in `AppConfig.ready`. Every extension point in the project:

- `applications.permissions.EXTRA_VIEWERS`, `EXTRA_RATING_READERS`: who besides the applicant
  and coordinators may view an application or read its ratings (reviews: reviewers, advisors);
- `applications.panels.HOME_PANELS`, `APPLICATION_PANELS`: panels on the applicant's pages
  (renewals: endorsements; reviews: change requests and the conversation);
- `reviews.services.ENDORSEMENT_CODE_SOURCES`: the endorsements a reviewer holds
  (renewals);
- `renewals.panels.ENDORSEMENT_PANELS`, `renewals.certificates.QR_URL_PROVIDERS`: a panel on an
  endorsement's page and the address its certificate's QR code opens (credentials).

Events that the right must react to are Django signals instead, defined in the left app's
`signals.py` (e.g. `reviews.signals.application_approved`). See docs/architecture.md.
"""


class ExtensionPoint(list):
    """The callables registered for one extension point, in the order apps registered them."""

    def __init__(self, doc):
        super().__init__()
        self.__doc__ = doc

    def register(self, function):
        """Add `function` once, however often `AppConfig.ready` runs."""
        if function not in self:
            self.append(function)
        return function
