"""The words our scripts (static/js) write into pages, in the page's language.

Scripts carry no translations of their own: every page holds these words as a JSON data block
(`{{ script_text|json_script:"script-text" }}` in base.html), which the Content-Security-Policy
allows since it is data, not a script, and each script looks its words up there by key, keeping
the English as it was for a page without the block. Placeholders are `%(name)s`, as in Python.
"""

from django.utils.translation import gettext_lazy as _

SCRIPT_TEXT = {
    "queue.ticked": _("%(ticked)s of %(total)s on this page"),
    "rating.all_rated": _("All %(total)s areas rated"),
    "rating.left": _("%(left)s of %(total)s areas left"),
    "rating.saved": _("Your answers are saved."),
    "rating.ended": _("Your rating session has ended: open the link in your invitation email again."),
    "rating.not_saved": _("Not saved automatically: press “Save answers”."),
    "review.saved": _("Draft saved at %(time)s."),
    "review.not_saved": _("Not saved automatically: use “Save draft” before you leave."),
    "review.unsaved": _("Unsaved changes…"),
}


def script_text(request):
    return {"script_text": SCRIPT_TEXT}
