"""Sending the system's emails from templates: `<name>_subject.txt` and `<name>.txt`.

Emails are plain text. `render_to_string` marks its output safe for HTML, which is wrong for
text that later lands in a page (the coordinator edits a drafted decision email in a
textarea): `render_email` returns plain strings, so wherever they are shown they are escaped.
"""

from email.utils import formataddr

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


def association_of(context):
    """The association an email is about (its application's, endorsement's, renewal's), or None."""
    if context.get("association") is not None:
        return context["association"]
    for key, path in (
        ("application", ("category", "edition", "association")),
        ("endorsement", ("association",)),
        ("period", ("endorsement", "association")),
        ("reference", ("application", "category", "edition", "association")),
    ):
        found = context.get(key)
        if found is None or isinstance(found, str):
            continue
        for attribute in path:
            found = getattr(found, attribute, None)
        if found is not None:
            return found
    return None


def sender(association, reply_to=None):
    """(from address, reply-to list) of an email about `association`: its own sender and
    reply-to addresses where it set them, else the install's."""
    if association is None:
        return settings.DEFAULT_FROM_EMAIL, reply_to
    from_email = settings.DEFAULT_FROM_EMAIL
    if association.sender_email:
        from_email = formataddr((association.short_name, association.sender_email))
    if reply_to is None and association.reply_to_email:
        reply_to = [association.reply_to_email]
    return from_email, reply_to


def send_templated_email(name, context, to, *, reply_to=None, headers=None):
    subject, body = render_email(name, context)
    from_email, reply_to = sender(association_of(context), reply_to)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=from_email,
        to=list(to),
        reply_to=reply_to,
        headers=headers,
    )
    message.send()
    return message
