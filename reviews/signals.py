"""The events reviews announces to the apps on its right (which it never imports).

application_approved
    Sent with ``decision=`` (a `reviews.models.Decision` whose outcome is approved) by
    `reviews.services.decide`, inside the approving transaction, after the application's status
    changed and after the decision email was queued. A receiver's exception rolls the approval
    back. Connected by renewals (`RenewalsConfig.ready`): the endorsement is granted.
"""

from django.dispatch import Signal

application_approved = Signal()
