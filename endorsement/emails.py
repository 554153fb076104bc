"""Sending the system's emails from templates: `<name>_subject.txt` and `<name>.txt`."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_templated_email(name, context, to, *, reply_to=None, headers=None):
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    body = render_to_string(f"emails/{name}.txt", context)
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
