"""Factories for the reference-rater tests: applicants, coordinators, invited raters, ratings."""

import itertools
import re

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from applications.models import Profile, RatingAnswer
from applications.services import references
from applications.services.lifecycle import start_application
from competencies.models import Area, Category, Domain
from endorsement import roles
from tests.endorsement.staff_factories import join

_numbers = itertools.count(1)
LINK = re.compile(r"https?://[^\s]+/ratings/([A-Za-z0-9_-]+)/")


def make_user(email=None, *, name=None):
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        username=f"user{number}", email=email or f"person{number}@example.org", password="pw"
    )
    if name:
        Profile.objects.create(user=user, legal_name=name)
    return user


def make_coordinator():
    """A coordinator with an authenticator app (staff without one are sent to set it up)."""
    user = make_user()
    roles.ensure_groups()
    user.groups.add(Group.objects.get(name=roles.COORDINATORS))
    join(user, roles.COORDINATOR)  # of every association
    TOTP.activate(user, generate_totp_secret())
    return user


def category(code="IFS", edition="orimha"):
    return Category.objects.select_related("edition").get(edition__slug=edition, code=code)


def make_application(*, applicant=None, code="IFS", edition="orimha", name="Avery Applicant"):
    applicant = applicant or make_user(name=name)
    return start_application(applicant, category(code, edition))


def invite(application, **overrides):
    """Invite a rater through the service; the returned request carries `.token`."""
    fields = {
        "name": "Rita Rater",
        "email": f"rater{next(_numbers)}@example.org",
        "role": "program_supervisor",
        "rater_endorsements": ["IFS"],
        "waiver": True,
        "by": application.applicant,
    }
    fields.update(overrides)
    return references.invite_rater(application, **fields)


def areas_of(application):
    return list(Area.objects.filter(domain__category=application.category.competency_holder).order_by("pk"))


def domains_of(application):
    return list(Domain.objects.filter(category=application.category.competency_holder).order_by("pk"))


def rating_data(application, *, score=3, unrated=0, known_for="4 years", capacity="supervisor"):
    """A complete rating: `unrated` areas "not enough information", the rest `score`."""
    answers = {}
    for index, area in enumerate(areas_of(application)):
        answers[area.pk] = RatingAnswer.Score.NOT_ENOUGH_INFORMATION if index < unrated else score
    comments = {domain.pk: f"Comment on {domain.title}" for domain in domains_of(application)}
    return references.RatingData(answers=answers, comments=comments, known_for=known_for, capacity=capacity)


def post_data(application, *, score=3, unrated=0, action="submit", **extra):
    """The rating form's POST body for a complete rating."""
    data = {"action": action, "known_for": "4 years", "capacity": "supervisor"}
    for index, area in enumerate(areas_of(application)):
        data[f"area_{area.pk}"] = "0" if index < unrated else str(score)
    for domain in domains_of(application):
        data[f"comment_{domain.pk}"] = f"Comment on {domain.title}"
    data.update(extra)
    return data


def submit(reference, **kwargs):
    return references.submit_rating(reference, rating_data(reference.application, **kwargs))


def link_token(message):
    """The token in an emailed rating link."""
    return LINK.search(message.body).group(1)


def rater_post(client, url, data):
    """POST as a browser does from a `Referrer-Policy: no-referrer` page: `Origin: null`, no Referer."""
    data = {**data, "rater_nonce": client.session.get("rater_form_nonce", "")}
    return client.post(url, data, HTTP_ORIGIN="null")
