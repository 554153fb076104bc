"""Sending the system's emails from templates: `<name>_subject.txt` and `<name>.txt`.

Emails are written as plain text. `render_to_string` marks its output safe for HTML, which is
wrong for text that later lands in a page (the coordinator edits a drafted decision email in a
textarea): `render_email` returns plain strings, so wherever they are shown they are escaped.

Every email is rendered in its recipient's language (`endorsement.languages`): an email to
several people goes out as one message per language. An email about an association is rendered
in its time zone and comes from its sender address;
when the association has a logo, the email also carries an HTML version of the same text under
the logo, attached inline so that no mail client fetches anything from the site.
"""

import logging
from collections import defaultdict
from email.mime.image import MIMEImage
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .languages import preferred_language

logger = logging.getLogger(__name__)

LOGO_MAX_BYTES = 1024 * 1024


def _plain(rendered):
    """The text of a rendered template, no longer marked safe for HTML."""
    return str.__str__(rendered)


def render_email(name, context, language=None):
    """The (subject, body) of email `name`, as plain strings, in `language` (None: the site's
    default, LANGUAGE_CODE), with times in the zone of the association the email is about."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    association = association_of(context)
    with (
        # Not override(None): that turns translation off, and with it our date formats.
        translation.override(language or settings.LANGUAGE_CODE),
        timezone.override(association.zone if association is not None else None),
    ):
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


def _logo_image(association):
    """The association's logo as an inline image part, or None (no logo, unreadable, too big)."""
    if association is None or not association.logo:
        return None
    try:
        with association.logo.open("rb") as logo:
            data = logo.read(LOGO_MAX_BYTES + 1)
    except OSError:
        logger.warning("The logo of %s could not be read; the email goes without it.", association.slug)
        return None
    if len(data) > LOGO_MAX_BYTES:
        logger.warning("The logo of %s is over 1 MB; the email goes without it.", association.slug)
        return None
    try:
        image = MIMEImage(data)
    except TypeError:  # not an image type the email package recognises
        return None
    image.add_header("Content-ID", make_msgid(domain="logo.invalid"))
    image.add_header("Content-Disposition", "inline", filename=association.logo.name.rsplit("/", 1)[-1])
    return image


def build_email(subject, body, to, *, association=None, reply_to=None, headers=None, language=None):
    """The message to send: the plain text, and under the association's logo the same text
    as HTML (in `language`, as the text is) when the association has one."""
    from_email, reply_to = sender(association, reply_to)
    message = EmailMultiAlternatives(subject, body, from_email, list(to), reply_to=reply_to, headers=headers)
    logo = _logo_image(association)
    if logo is not None:
        with translation.override(language or settings.LANGUAGE_CODE):
            html = render_to_string(
                "emails/with_logo.html",
                {"body": body, "association": association, "logo_cid": logo["Content-ID"].strip("<>")},
            )
        message.attach_alternative(html, "text/html")
        # multipart/related keeps the logo beside the HTML that shows it, not as an attachment.
        message.mixed_subtype = "related"
        message.attach(logo)
    return message


def send_templated_email(name, context, to, *, language=None, reply_to=None, headers=None):
    """Send email `name` to the addresses `to`, who all read `language`."""
    subject, body = render_email(name, context, language=language)
    message = build_email(
        subject,
        body,
        to,
        association=association_of(context),
        reply_to=reply_to,
        headers=headers,
        language=language,
    )
    message.send()
    return message


def send_templated_email_to_people(name, context, people, **kwargs):
    """Send email `name` to each of `people` with an address, one message per language they
    read (`preferred_language`), so nobody gets another person's language. Returns the messages."""
    by_language = defaultdict(set)
    for person in people:
        if person.email:
            by_language[preferred_language(person)].add(person.email)
    return [
        send_templated_email(name, context, sorted(emails), language=language, **kwargs)
        for language, emails in sorted(by_language.items())
    ]
