"""Reference raters: inviting them, their emailed links, their ratings, reminders and expiry.

Every change of a reference request goes through these functions. Each one
locks what it changes, writes an `ApplicationEvent` (the application's status
stays what it is; the note says what happened), and queues its emails in the outbox
(`endorsement.outbox`), in the same transaction.

Rating links carry a random token (`secrets.token_urlsafe(32)`); only its
SHA-256 (`hash_token`) is stored. The plain token exists only in the invitation or
reminder email's queued task, encrypted and wiped once the email is sent; never in a log line.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.models import Domain, Statement
from competencies.rules import accepted_roles
from competencies.rules.application import ROLE_NAMES, ROLE_WORDS
from competencies.rules.facts import ENDORSEMENT_CODES, REFERENCE_ROLES
from competencies.services import rated_areas, rated_domains, rules_for_category
from endorsement import outbox

from .. import permissions
from ..models import (
    Application,
    ApplicationEvent,
    DomainComment,
    Rating,
    RatingAnswer,
    ReferenceRequest,
    hash_token,
)
from ..people import person_name
from .lifecycle import ApplicationError

Status = ReferenceRequest.Status
#: Requests a rater can still answer.
OPEN_STATUSES = (Status.INVITED, Status.OPENED)
#: Applications whose raters may still answer (not withdrawn, not decided).
RATEABLE_APPLICATION_STATUSES = Application.Status.OPEN
BATCH_SIZE = 200
DEFAULT_MAX_NOT_ENOUGH_INFORMATION = 5


class RatingLinkError(Exception):
    """A rating link (or rater session) that cannot be used; `status` is 404 or 410."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class ApplicantsOwnRating(RatingLinkError):
    """The browser opening a rating link is signed in as the applicant being rated."""


class RatingIncomplete(Exception):
    """A submitted rating misses answers; `problems` is a list of (field, message)."""

    def __init__(self, problems):
        super().__init__(" ".join(message for _field, message in problems))
        self.problems = problems


# --- what the category's rules allow ---------------------------------------------------


def reference_params(category):
    """The category's `references` rule parameters (empty when it has none)."""
    return rules_for_category(category)["application"].get("references") or {}


def allowed_roles(category, params=None):
    """The rater roles the category accepts, as its guidelines write them, in the facts' role order."""
    params = reference_params(category) if params is None else params
    named = set(accepted_roles(params))
    return [role for role in REFERENCE_ROLES if role in named]


def conditional_roles(category, params=None):
    """Roles accepted only "if applicant is a supervisor" (IMHS: a supervisee)."""
    params = reference_params(category) if params is None else params
    return [role for slot in params.get("slots", []) for role in slot.get("roles_if_supervisor", [])]


def role_name(role):
    name = str(ROLE_WORDS.get(role, role))
    return name[:1].upper() + name[1:]


def role_choices(category, params=None):
    return [(role, role_name(role)) for role in allowed_roles(category, params)]


def max_not_enough_information(category):
    value = reference_params(category).get("max_not_enough_information")
    return DEFAULT_MAX_NOT_ENOUGH_INFORMATION if value is None else value


def applicant_name(application):
    return person_name(application.applicant)


def can_read_rating(user, application, reference):
    """Coordinators and assigned reviewers always; the applicant only without the waiver."""
    if reference.application_id != application.pk or reference.status != Status.SUBMITTED:
        return False
    if application.applicant_id == user.pk:
        return not reference.waiver
    return permissions.can_read_ratings(user, application)


def can_manage(user, application):
    return permissions.can_edit(user, application)


# --- tokens ----------------------------------------------------------------------------


def _new_token():
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def _link_expiry(now=None, application=None):
    """When a rating link expires: the association's "rating due" policy, else the install's."""
    days = settings.RATING_LINK_DAYS
    if application is not None:
        days = application.category.edition.association.policy("rating_due_days", days)
    return (now or timezone.now()) + timedelta(days=days)


# --- the applicant's side ----------------------------------------------------------------


def _note(application, *, by, note):
    ApplicationEvent.objects.create(
        application=application,
        actor=by,
        from_status=application.status,
        to_status=application.status,
        note=note,
    )


def _editable_application(application):
    app = Application.objects.select_for_update().select_related("category__edition").get(pk=application.pk)
    if not app.is_editable():
        raise ApplicationError(_("This application is submitted and its raters can no longer be changed."))
    return app


def _locked_reference(reference):
    """The rater's application, checked editable, and the rater's request on it, locked for the change."""
    app = _editable_application(reference.application)
    try:
        return app, ReferenceRequest.objects.select_for_update().get(pk=reference.pk, application=app)
    except ReferenceRequest.DoesNotExist:
        raise ApplicationError(_("This rater is no longer on the application.")) from None


def account_addresses(user):
    """Every email address of a person's account, lower-cased: the login and any verified alias."""
    from allauth.account.models import EmailAddress

    addresses = {
        address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        addresses.add(user.email.lower())
    return addresses


def _check_rater_address(app, email, *, replacing=None):
    """A rater is someone else: not the applicant, and not a rater already on the application."""
    if email.lower() in account_addresses(app.applicant):
        raise ApplicationError(
            _("This is an address of your own account. A rating must come from someone else."), "email"
        )
    others = app.references.filter(email__iexact=email, replaced_by__isnull=True)
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    other = others.first()
    if other is not None:
        raise ApplicationError(
            _("%(name)s is already invited at this address (as %(role)s). Each rater rates once.")
            % {"name": other.name, "role": ROLE_WORDS[other.role]},
            "email",
        )


def address_matches(application, refs):
    """For the coordinator: {reference id: [sentences]} where a rater's address is not simply theirs.

    An address that belongs to an account (the applicant's above all) or that another rater on
    the application also uses deserves a call before the rating is trusted. One query.
    """
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    live = [ref for ref in refs if not ref.replaced_by_id]
    emails = {ref.email.lower() for ref in live}
    owners = {}
    # A union, each half served by an index on lower(email) (applications 0009): an OR over
    # the account and its addresses made the database read every account.
    users = get_user_model().objects
    logins = users.annotate(address=Lower("email")).filter(address__in=emails).values_list("pk", "address")
    aliases = (
        users.annotate(address=Lower("emailaddress__email"))
        .filter(address__in=emails)
        .values_list("pk", "address")
    )
    for user_id, email in logins.union(aliases) if emails else ():
        owners.setdefault(email, set()).add(user_id)
    matches = {}
    for ref in live:
        found = []
        accounts = owners.get(ref.email.lower(), set())
        if application.applicant_id in accounts:
            found.append(_("This address belongs to the applicant's own account."))
        elif accounts:
            found.append(
                _("This address belongs to an account on this site; check that it is the rater's own.")
            )
        for other in live:
            if other.pk != ref.pk and other.email.lower() == ref.email.lower():
                found.append(
                    _("%(name)s, another rater on this application, uses the same address.")
                    % {"name": other.name}
                )
        if found:
            matches[ref.pk] = found
    return matches


def is_applicant(user, reference):
    """True when `user` is signed in as the applicant whose application the rating is for."""
    return bool(user and user.is_authenticated and user.pk == reference.application.applicant_id)


def _clean_rater(category, *, name, email, role, rater_endorsements):
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        raise ApplicationError(_("Enter the rater's name."), "name")
    if not email:
        raise ApplicationError(_("Enter the rater's email address."), "email")
    choices = allowed_roles(category)
    if role not in choices:
        raise ApplicationError(
            _("Choose one of the roles the guidelines name for this category: %(roles)s.")
            % {"roles": ", ".join(str(ROLE_WORDS[r]) for r in choices)},
            "role",
        )
    unknown = [code for code in rater_endorsements if code not in ENDORSEMENT_CODES]
    if unknown:
        raise ApplicationError(
            _("%(codes)s is not an endorsement code.") % {"codes": ", ".join(unknown)}, "rater_endorsements"
        )
    codes = [code for code in ENDORSEMENT_CODES if code in set(rater_endorsements)]
    return name, email, codes


def _queue_invitation(reference, token):
    from ..tasks import send_rating_invitation

    outbox.enqueue(send_rating_invitation, reference_id=reference.pk, token=token)


def _create_request(app, *, name, email, role, rater_endorsements, waiver, language="", replacing=None):
    name, email, codes = _clean_rater(
        app.category, name=name, email=email, role=role, rater_endorsements=rater_endorsements
    )
    _check_rater_address(app, email, replacing=replacing)
    token, token_hash = _new_token()
    now = timezone.now()
    reference = ReferenceRequest.objects.create(
        application=app,
        name=name,
        email=email,
        role=role,
        rater_endorsements=codes,
        waiver=bool(waiver),
        language=language,
        status=Status.INVITED,
        token_hash=token_hash,
        token_expires_at=_link_expiry(now, app),
        invited_at=now,
    )
    reference.token = token  # for the caller only; never saved
    return reference, token


@transaction.atomic
def invite_rater(application, *, by, **rater):
    """Name a rater and email them a rating link; the returned request carries `.token` (not saved).

    `rater`: the keywords of `_create_request` (name, email, role, rater_endorsements, waiver,
    and optionally language).
    """
    app = _editable_application(application)
    reference, token = _create_request(app, **rater)
    _note(app, by=by, note=f"Invited {reference.name} ({ROLE_NAMES[reference.role]}) to rate")
    _queue_invitation(reference, token)
    return reference


@transaction.atomic
def resend_invitation(reference, *, by):
    """Email a new link; the old link stops working. For requests not answered yet (also expired ones)."""
    app, ref = _locked_reference(reference)
    if ref.replaced_by_id:
        raise ApplicationError(_("This rater was replaced; invite the new rater instead."))
    if ref.status in Status.ANSWERED:
        raise ApplicationError(
            _("%(name)s has already answered; there is nothing to resend.") % {"name": ref.name}
        )
    token, ref.token_hash = _new_token()
    now = timezone.now()
    ref.token_expires_at = _link_expiry(now, app)
    ref.invited_at = now
    ref.reminders_sent = 0
    if ref.status == Status.EXPIRED:
        ref.status = Status.INVITED
    ref.save(update_fields=["token_hash", "token_expires_at", "invited_at", "reminders_sent", "status"])
    _note(app, by=by, note=f"Sent a new rating link to {ref.name}")
    _queue_invitation(ref, token)
    ref.token = token
    return ref


@transaction.atomic
def replace_rater(reference, *, by, **rater):
    """Invite someone in place of a rater who declined or whose link expired (`rater` as for `invite_rater`)."""
    app, old = _locked_reference(reference)
    if old.replaced_by_id:
        raise ApplicationError(_("This rater was already replaced."))
    if old.status not in (Status.DECLINED, Status.EXPIRED):
        raise ApplicationError(
            _(
                "Only a rater who declined or whose link expired can be replaced; %(name)s's request is %(status)s."
            )
            % {"name": old.name, "status": old.get_status_display().lower()}
        )
    new, token = _create_request(app, replacing=old, **rater)
    old.replaced_by = new
    old.token_hash = None
    old.save(update_fields=["replaced_by", "token_hash"])
    _note(
        app,
        by=by,
        note=f"Replaced {old.name} by {new.name} ({ROLE_NAMES[new.role]}) and invited them to rate",
    )
    _queue_invitation(new, token)
    return new


@transaction.atomic
def remove_invitation(reference, *, by):
    """Take back an invitation the rater has not answered; their link stops working."""
    app, ref = _locked_reference(reference)
    if ref.status in Status.ANSWERED:
        raise ApplicationError(
            _("%(name)s has already answered; an answered request cannot be removed.") % {"name": ref.name}
        )
    name = ref.name
    ref.delete()
    _note(app, by=by, note=f"Removed the invitation of {name}")


# --- the rater's side ------------------------------------------------------------------


def _answerable(reference, now=None):
    """Raise `RatingLinkError(410)` unless the rater may still write or change the rating."""
    now = now or timezone.now()
    if reference.status in Status.ANSWERED or reference.replaced_by_id:
        raise RatingLinkError(_("This rating has already been answered."), 410)
    if reference.status == Status.EXPIRED or (
        reference.token_expires_at is not None and reference.token_expires_at <= now
    ):
        raise RatingLinkError(_("This rating link has expired."), 410)
    if reference.application.status not in RATEABLE_APPLICATION_STATUSES:
        raise RatingLinkError(_("This rating request is closed."), 410)
    return reference


def open_rating(token, *, by=None):
    """The request a rating link belongs to, marked opened; `RatingLinkError` 404 or 410 otherwise.

    `by` is who the browser is signed in as: the applicant gets `ApplicantsOwnRating`, and the
    link stays as it was for the real rater.
    """
    if not token or len(token) > 200:
        raise RatingLinkError(_("This rating link is not valid."), 404)
    reference = (
        ReferenceRequest.objects.select_related("application__category__edition", "application__applicant")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if reference is None:
        raise RatingLinkError(_("This rating link is not valid."), 404)
    _answerable(reference)
    if is_applicant(by, reference):
        raise ApplicantsOwnRating(_("An applicant cannot rate their own application."), 403)
    if reference.status == Status.INVITED:
        now = timezone.now()
        if ReferenceRequest.objects.filter(pk=reference.pk, status=Status.INVITED).update(
            status=Status.OPENED, opened_at=now
        ):
            reference.status, reference.opened_at = Status.OPENED, now
    return reference


def link_generation(reference):
    """Which link a rater session was opened with: a resent link starts a new generation.

    Reminders carry a fresh token too but keep the generation, so a rater at work is not cut off.
    """
    return reference.invited_at.isoformat() if reference.invited_at else ""


def reference_for_rater(reference_id, generation=None):
    """The request behind a rater session, if it can still be answered with that session's link."""
    reference = (
        ReferenceRequest.objects.select_related("application__category__edition", "application__applicant")
        .filter(pk=reference_id)
        .first()
    )
    if reference is None:
        raise RatingLinkError(_("This rating link is not valid."), 404)
    if generation is not None and generation != link_generation(reference):
        raise RatingLinkError(_("A new link was sent for this rating; open the newest email's link."), 410)
    return _answerable(reference)


@dataclass
class RatingData:
    """What a rater entered: scores by area id, comments by domain id, and how they know the applicant."""

    answers: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    known_for: str = ""
    capacity: str = ""
    capacity_detail: str = ""
    accept_not_counted: bool = False


def rating_domains(category):
    """The domains the rater rates, with the areas rated prefetched.

    Only those of the applicant's designation (`competencies.services.rated_areas`): a Mentor's
    rater is asked about the domains tagged for that Mentor designation, nothing else.
    """
    if not category.designation:  # every domain of the category
        return list(
            Domain.objects.filter(category=category.competency_holder)
            .prefetch_related("areas")
            .order_by("order", "pk")
        )
    return rated_domains(category)


def statement_tree(domains):
    """{domain id: [(statement, [children...]), ...]} in one query."""
    by_domain = {domain.pk: [] for domain in domains}
    statements = list(Statement.objects.filter(domain__in=list(by_domain)).order_by("domain", "order", "pk"))
    children = {}
    for statement in statements:
        children.setdefault(statement.parent_id, []).append(statement)

    def build(statement):
        return {"statement": statement, "items": [build(child) for child in children.get(statement.pk, [])]}

    for statement in statements:
        if statement.parent_id is None:
            by_domain[statement.domain_id].append(build(statement))
    return by_domain


def _rating_for(reference):
    rating, _created = Rating.objects.get_or_create(reference=reference)
    return rating


def _save(reference, data):
    rated = rated_areas(reference.application.category)
    area_ids = {area for areas in rated.values() for area in areas}
    domain_ids = set(rated)
    rating = _rating_for(reference)
    rating.known_for = (data.known_for or "").strip()
    rating.capacity = data.capacity or ""
    rating.capacity_detail = (data.capacity_detail or "").strip()
    rating.save()
    answers = {
        int(area): int(score)
        for area, score in data.answers.items()
        if int(area) in area_ids and score not in (None, "") and int(score) in RatingAnswer.Score.values
    }
    existing = {answer.area_id: answer for answer in rating.answers.all()}
    RatingAnswer.objects.filter(rating=rating).exclude(area_id__in=list(answers)).delete()
    for area_id, score in answers.items():
        answer = existing.get(area_id)
        if answer is None:
            RatingAnswer.objects.create(rating=rating, area_id=area_id, score=score)
        elif answer.score != score:
            answer.score = score
            answer.save(update_fields=["score"])
    comments = {int(domain): (text or "").strip() for domain, text in data.comments.items()}
    for domain_id, text in comments.items():
        if domain_id in domain_ids:
            DomainComment.objects.update_or_create(
                rating=rating, domain_id=domain_id, defaults={"text": text}
            )
    return rating


def _locked_for_rater(reference):
    ref = (
        ReferenceRequest.objects.select_for_update()
        .select_related("application__category__edition", "application__applicant")
        .get(pk=reference.pk)
    )
    return _answerable(ref)


@transaction.atomic
def save_rating(reference, data):
    """Keep a draft; the rater can come back through the same emailed link until they submit."""
    ref = _locked_for_rater(reference)
    return _save(ref, data)


def rating_problems(reference, data):
    """What stops a rating from being submitted, as (field, message) pairs, in page order."""
    problems = []
    for domain in rating_domains(reference.application.category):
        for area in domain.areas.all():
            if data.answers.get(area.pk) in (None, ""):
                problems.append(
                    (
                        f"area_{area.pk}",
                        _("Rate “%(area)s”: choose 1 to 4, or “Not enough information to rate”.")
                        % {"area": area.name},
                    )
                )
    if not (data.known_for or "").strip():
        problems.append(("known_for", _("Say how long you have known the applicant, e.g. “3 years”.")))
    if not data.capacity:
        problems.append(("capacity", _("Choose in what capacity you know the applicant.")))
    return problems


def count_not_enough_information(data, area_ids=None):
    """ "Not enough information" answers, among the areas the rater was asked about (`area_ids`)."""
    return sum(
        1
        for area, score in data.answers.items()
        if score not in (None, "") and int(score) == 0 and (area_ids is None or int(area) in area_ids)
    )


def counts_toward_endorsement(reference, data):
    """False when the rating has more "not enough information" answers than the rules accept.

    Only the areas the rater was asked about count.
    """
    category = reference.application.category
    asked = {area for areas in rated_areas(category).values() for area in areas}
    return count_not_enough_information(data, asked) <= max_not_enough_information(category)


def submit_rating(reference, data):
    """Submit the rating; the link stops working. `RatingIncomplete` names what is missing.

    An incomplete rating is still saved as a draft, so nothing the rater entered is lost.
    """
    from ..tasks import notify_applicant_of_reference

    with transaction.atomic():
        ref = _locked_for_rater(reference)
        problems = rating_problems(ref, data)
        rating = _save(ref, data)
        if not problems:
            now = timezone.now()
            rating.submitted_at = now
            rating.save(update_fields=["submitted_at", "updated_at"])
            ref.status, ref.answered_at = Status.SUBMITTED, now
            ref.save(update_fields=["status", "answered_at"])
            _note(ref.application, by=None, note=f"{ref.name} submitted a rating")
            outbox.enqueue(notify_applicant_of_reference, reference_id=ref.pk)
    if problems:
        raise RatingIncomplete(problems)
    return ref


@transaction.atomic
def decline_rating(reference, reason):
    """The rater declines; the applicant is told and can invite someone else."""
    from ..tasks import notify_applicant_of_reference

    ref = _locked_for_rater(reference)
    ref.status, ref.answered_at = Status.DECLINED, timezone.now()
    ref.decline_reason = (reason or "").strip()
    ref.save(update_fields=["status", "answered_at", "decline_reason"])
    _note(ref.application, by=None, note=f"{ref.name} declined to rate")
    outbox.enqueue(notify_applicant_of_reference, reference_id=ref.pk)
    return ref


# --- reminders and expiry ----------------------------------------------------------------


def _pending():
    return ReferenceRequest.objects.filter(
        status__in=OPEN_STATUSES,
        replaced_by__isnull=True,
        application__status__in=RATEABLE_APPLICATION_STATUSES,
    )


def _in_batches(queryset):
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1]


def expire_overdue(now):
    """Mark unanswered requests whose link has expired; the applicant is told once. Returns the count."""
    from ..tasks import notify_applicant_of_reference

    expired = 0
    for batch in _in_batches(_pending().filter(token_expires_at__lte=now)):
        for pk in batch:
            with transaction.atomic():
                # The conditional UPDATE makes a second (or concurrent) run a no-op.
                if not ReferenceRequest.objects.filter(
                    pk=pk, status__in=OPEN_STATUSES, token_expires_at__lte=now
                ).update(status=Status.EXPIRED):
                    continue
                ref = ReferenceRequest.objects.select_related("application").get(pk=pk)
                _note(ref.application, by=None, note=f"The rating link of {ref.name} expired")
                outbox.enqueue(notify_applicant_of_reference, reference_id=pk)
                expired += 1
    return expired


def send_reminders(now):
    """Remind raters RATING_REMINDER_DAYS after the invitation, each reminder at most once.

    A run that finds several reminders due (the job did not run for a while) sends
    only the latest one: the latest reminder is claimed first, which makes the
    earlier ones no longer due.
    """
    from ..tasks import send_rating_reminder

    sent = 0
    schedule = list(enumerate(settings.RATING_REMINDER_DAYS))
    for number, days in reversed(schedule):
        due = _pending().filter(
            reminders_sent__lte=number, invited_at__lte=now - timedelta(days=days), token_expires_at__gt=now
        )
        for batch in _in_batches(due):
            for pk in batch:
                token, token_hash = _new_token()
                with transaction.atomic():
                    # Claim the reminder with a conditional UPDATE: a concurrent run finds
                    # reminders_sent already raised and sends nothing. The reminder carries a
                    # fresh link (only hashes are stored, so the old link cannot be re-sent).
                    if not ReferenceRequest.objects.filter(
                        pk=pk, status__in=OPEN_STATUSES, reminders_sent__lte=number
                    ).update(reminders_sent=number + 1, token_hash=token_hash):
                        continue
                    outbox.enqueue(send_rating_reminder, reference_id=pk, token=token)
                    sent += 1
    return sent


#: A rater reminded by hand is not reminded again this soon (a second click, two coordinators).
HAND_REMINDER_GAP = timedelta(hours=20)


@transaction.atomic
def remind_raters(application, *, by, now=None):
    """A coordinator's reminder to the raters of `application` who have not answered yet, each
    with a fresh link. Returns (the references reminded, how many were reminded too recently)."""
    from ..tasks import send_rating_reminder

    now = now or timezone.now()
    outstanding = list(
        _pending()
        .select_for_update()
        .filter(application=application, token_expires_at__gt=now)
        .order_by("pk")
    )
    reminded, recent = [], 0
    for ref in outstanding:
        if ref.reminded_at and ref.reminded_at > now - HAND_REMINDER_GAP:
            recent += 1
            continue
        token, ref.token_hash = _new_token()
        ref.reminded_at = now
        ref.save(update_fields=["token_hash", "reminded_at"])
        outbox.enqueue(send_rating_reminder, reference_id=ref.pk, token=token)
        reminded.append(ref)
    if reminded:
        _note(application, by=by, note="Reminded to rate: " + ", ".join(ref.name for ref in reminded))
    return reminded, recent


def send_due_reminders(now=None):
    """The daily job: expire overdue links, then send the reminders that are due."""
    now = now or timezone.now()
    expired = expire_overdue(now)
    reminded = send_reminders(now)
    return {"expired": expired, "reminded": reminded}


# --- ratings carried over from an earlier application (association policy `reuse_ratings`) ----


def _area_key(area):
    return (area.domain.title, area.name)


def reusable_ratings(application):
    """Submitted ratings of the applicant's earlier applications to the same association that may
    count for `application`: the association allows it, the rating is still within its validity,
    the new category accepts the rater's role, and the rating answers every competency area the new
    category rates (matched by domain and area title, so a rating of other competencies never
    counts). Raters already named here are left out."""
    association = application.category.edition.association
    if not association.reuse_ratings or not application.is_editable():
        return []
    params = reference_params(application.category)
    roles = set(allowed_roles(application.category, params))
    wanted = {
        (domain.title, area.name)
        for domain in rating_domains(application.category)
        for area in domain.areas.all()
    }
    max_age = params.get("max_age_days")
    oldest = timezone.now() - timedelta(days=max_age) if max_age else None
    named = {email.casefold() for email in application.references.values_list("email", flat=True)}
    candidates = (
        ReferenceRequest.objects.filter(
            application__applicant_id=application.applicant_id,
            application__category__edition__association=association,
            status=Status.SUBMITTED,
            replaced_by__isnull=True,
            rating__submitted_at__isnull=False,
        )
        .exclude(application=application)
        .select_related("rating", "application__category")
        .prefetch_related(
            Prefetch("rating__answers", queryset=RatingAnswer.objects.select_related("area__domain"))
        )
        .order_by("-answered_at", "-pk")
    )
    reusable = []
    for reference in candidates:
        if reference.email.casefold() in named or reference.role not in roles:
            continue
        if oldest and (reference.answered_at is None or reference.answered_at < oldest):
            continue
        if not wanted <= {_area_key(answer.area) for answer in reference.rating.answers.all()}:
            continue
        named.add(reference.email.casefold())
        reusable.append(reference)
    return reusable


@transaction.atomic
def reuse_rating(application, reference, *, by):
    """Count `reference`'s submitted rating for `application` too: a copy of the request, the rating,
    its answers (onto the new category's areas) and its comments, with the rater's original dates
    (so its validity runs from when the rater submitted it). Returns the new request."""
    app = _editable_application(application)
    if reference.pk not in {item.pk for item in reusable_ratings(app)}:
        raise ApplicationError(_("This rating cannot count for this application."), "reference")
    source = reference.rating
    areas = {_area_key(area): area for domain in rating_domains(app.category) for area in domain.areas.all()}
    domains = {area.domain.title: area.domain for area in areas.values()}
    copy = ReferenceRequest.objects.create(
        application=app,
        name=reference.name,
        email=reference.email,
        role=reference.role,
        rater_endorsements=list(reference.rater_endorsements),
        waiver=reference.waiver,
        status=Status.SUBMITTED,
        invited_at=reference.invited_at,
        opened_at=reference.opened_at,
        answered_at=reference.answered_at,
    )
    rating = Rating.objects.create(
        reference=copy,
        known_for=source.known_for,
        capacity=source.capacity,
        capacity_detail=source.capacity_detail,
        submitted_at=source.submitted_at,
    )
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=rating, area=areas[_area_key(answer.area)], score=answer.score)
        for answer in source.answers.select_related("area__domain")
        if _area_key(answer.area) in areas
    )
    DomainComment.objects.bulk_create(
        DomainComment(rating=rating, domain=domains[comment.domain.title], text=comment.text)
        for comment in source.comments.select_related("domain")
        if comment.domain.title in domains
    )
    _note(
        app,
        by=by,
        note=f"Reused the rating {reference.name} ({ROLE_NAMES[reference.role]}) submitted for the "
        f"{reference.application.category.code} application",
    )
    return copy
