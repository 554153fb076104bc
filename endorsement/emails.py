"""Sending the system's emails from templates: `<name>_subject.txt` and `<name>.txt`.

Emails are plain text. `render_to_string` marks its output safe for HTML, which is wrong for
text that later lands in a page (the coordinator edits a drafted decision email in a
textarea): `render_email` returns plain strings, so wherever they are shown they are escaped.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def _plain(rendered):
    """The text of a rendered template, no longer marked safe for HTML."""
    return str.__str__(rendered)


def render_email(name, context):
    """The (subject, body) of email `name`, as plain strings."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = " ".join(_plain(render_to_string(f"emails/{name}_subject.txt", context)).split())
    body = _plain(render_to_string(f"emails/{name}.txt", context))
    return subject, body


def send_templated_email(name, context, to, *, reply_to=None, headers=None):
    subject, body = render_email(name, context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=reply_to,
        headers=headers,
    )
    message.send()
    return message
