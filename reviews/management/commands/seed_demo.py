"""Realistic demo data at any scale: `python manage.py seed_demo --applications N`.

Applicants (with profiles and verified emails) across every category of every published
edition, in every status, with their degrees, work, training, RS/C, references and ratings;
reviewer assignments and reviews for those in review or later; decisions, change requests,
exam sittings; and a history of events spread over the past two years. Plus the demo staff
accounts (`demo_accounts`). Rows are written in batches of a thousand applications; on
PostgreSQL with COPY (`save_all`), so 100,000 applications take minutes. Demo people have emails at @demo.example.org;
`--reset` deletes them (and everything under them) first.
"""

import datetime
import enum
import io
import queue
import random
import threading
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from applications.models import (
    Application,
    ApplicationEvent,
    Attestation,
    Degree,
    Document,
    LeadershipActivity,
    Profile,
    Rating,
    RatingAnswer,
    ReferenceRequest,
    RSCEntry,
    TrainingEntry,
    WorkPeriod,
)
from competencies.models import Area, Association, Category, Domain, Edition, Membership
from competencies.services import rules_for_category
from endorsement import roles
from endorsement.management.commands.demo_accounts import DEMO_DOMAIN
from reviews.models import (
    OPEN_REVIEWS,
    ChangeRequest,
    Decision,
    ExamResult,
    ExamSitting,
    Review,
    ReviewerAssignment,
    ReviewItem,
)

S = Application.Status
STATUS_WEIGHTS = {
    S.DRAFT: 18,
    S.SUBMITTED: 14,
    S.IN_REVIEW: 16,
    S.CHANGES_REQUESTED: 8,
    S.EXAM_PENDING: 6,
    S.APPROVED: 24,
    S.DENIED: 6,
    S.WITHDRAWN: 8,
}
FIRST_NAMES = [
    "Aaliyah",
    "Amara",
    "Ana",
    "Anders",
    "Ari",
    "Beatriz",
    "Bo",
    "Camila",
    "Carmen",
    "Chen",
    "Dana",
    "Darius",
    "Deja",
    "Elena",
    "Emeka",
    "Esther",
    "Fatima",
    "Felipe",
    "Grace",
    "Hana",
    "Ibrahim",
    "Imani",
    "Isabel",
    "Jamal",
    "Jin",
    "Jordan",
    "Kai",
    "Keisha",
    "Lena",
    "Liam",
    "Lucia",
    "Malik",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Noor",
    "Olivia",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Rosa",
    "Sam",
    "Sofia",
    "Tariq",
    "Thea",
    "Uma",
    "Victor",
    "Wei",
    "Xavier",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Alvarez",
    "Bauer",
    "Begay",
    "Brooks",
    "Castillo",
    "Chen",
    "Cohen",
    "Diaz",
    "Dubois",
    "Edwards",
    "Fischer",
    "Flores",
    "Garcia",
    "Gupta",
    "Haddad",
    "Hughes",
    "Ito",
    "Jackson",
    "Johansson",
    "Kaur",
    "Kim",
    "Kowalski",
    "Lee",
    "Lopez",
    "Martin",
    "Morales",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Peralta",
    "Quispe",
    "Rahman",
    "Reyes",
    "Rossi",
    "Said",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Thompson",
    "Tran",
    "Walker",
    "Whitehorse",
    "Williams",
    "Yazzie",
    "Young",
    "Zhang",
]
CITIES = (
    ("Ann Arbor", "MI"),
    ("Detroit", "MI"),
    ("Grand Rapids", "MI"),
    ("Lansing", "MI"),
    ("Portland", "OR"),
    ("Eugene", "OR"),
    ("Salem", "OR"),
    ("Bend", "OR"),
)
DISCIPLINES = (
    "social work",
    "nursing",
    "early education",
    "psychology",
    "occupational therapy",
    "counseling",
)
EMPLOYERS = (
    "Family Services of the Valley",
    "Early Head Start",
    "County Health Department",
    "Children's Home Society",
    "Healthy Families",
    "Community Mental Health",
    "University Hospital",
    "Parents as Teachers",
)
TITLES = ("Home visitor", "Family support specialist", "Infant mental health therapist", "Program supervisor")
TRAININGS = (
    "Infant mental health foundations",
    "Reflective practice",
    "Attachment and the parent–infant relationship",
    "Trauma-informed care for families",
    "Culturally sensitive practice",
    "Early childhood development",
    "Perinatal mood disorders",
    "Observation and assessment of infants",
)
PROVIDERS = ("Regional Training Center", "State IMH Association", "University Extension", "Zero to Three")
RSC_PROVIDERS = ("Pat Moreno", "Jo Bennett", "Lee Kowalski", "Ruth Abara")
# Raters beyond the named slots, in the order a demo applicant asks them.
FILL_ROLES = ("colleague", "other_supervisor", "teacher", "trainer", "consultant", "parent")
ENDORSED_RATER_CODES = ("IMHM-C", "IMHS", "IFS")
DEGREES = {
    1: (("associate", "AA in Child Development"), ("bachelor", "BA in Psychology")),
    2: (("bachelor", "BSW"), ("master", "MA in Early Childhood Education")),
    3: (("master", "MSW"), ("master", "MA in Counseling")),
    4: (("master", "MSW"), ("doctorate", "PhD in Developmental Psychology"), ("doctorate", "PsyD")),
}
INSTITUTIONS = (
    "State University",
    "Community College",
    "University of Michigan",
    "Portland State University",
)
RECOMMENDATION = {
    S.APPROVED: Review.Recommendation.APPROVE,
    S.EXAM_PENDING: Review.Recommendation.APPROVE,
    S.DENIED: Review.Recommendation.DENY,
    S.CHANGES_REQUESTED: Review.Recommendation.REQUEST_CHANGES,
}
REVIEWERS = 12
COMPLETE, NEARLY, JUDGMENT, DENIED, PARTIAL = "complete", "nearly", "judgment", "denied", "partial"
DENIAL_REASONS = "The specialized training falls well short of the hours the guidelines require."
# The flags a demo position states (True where the category's work criteria require them); the
# others stay as the model leaves them, so those the engine reads as unstated stay unstated.
WORK_FLAGS = (
    "infant_related",
    "social_emotional_focus",
    "relationship_focus",
    "with_infant_and_parent",
    "supervised",
    "provides_rsc",
    "policy_leadership",
    "university_faculty",
)
LEADERSHIP = (
    "Chair of the association's reflective practice committee",
    "Led the county's infant mental health policy workgroup",
    "Co-taught the university's infant mental health certificate seminar",
)
BATCH = 1000
UNUSABLE_PASSWORD = make_password(None)


def insert_rows(model, columns, rows):
    """Insert plain tuples: PostgreSQL's COPY for the many small rows (answers, review items),
    bulk_create elsewhere. Only for rows no code path needs back as objects."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=5000
        )
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def save_all(model, objects):
    """Save new model instances, as `bulk_create` does, and return them with their ids.

    On PostgreSQL the ids are drawn from the table's sequence first and the rows go in with COPY:
    bulk_create's per-value preparation and INSERT were most of a large seed's time.
    """
    objects = list(objects)
    if connection.vendor != "postgresql" or not objects:
        return model.objects.bulk_create(objects, batch_size=2000)
    meta = model._meta
    fields = meta.concrete_fields
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="save_all")
    if isinstance(meta.pk, models.AutoField):  # and its Big and Small kinds
        for obj, pk in zip(objects, _next_ids(meta, len(objects)), strict=True):
            obj.pk = pk
    stamped = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    prepare = [_copy_value(field) for field in fields]
    rows = []
    for obj in objects:
        for field in stamped:
            field.pre_save(obj, True)
        rows.append(
            tuple(
                convert(getattr(obj, field.attname)) for field, convert in zip(fields, prepare, strict=True)
            )
        )
        obj._state.adding, obj._state.db = False, connection.alias
    insert_rows(model, [field.column for field in fields], rows)
    return objects


def relax_commit():
    if connection.vendor == "postgresql":
        # Demo data: a crash may lose the last batches, never corrupt them; a batch's commit
        # does not wait for its WAL to reach the disk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO off")


def write_small_rows(tables):
    for model, columns, rows in tables:
        insert_rows(model, columns, rows)


class SmallRowWriter:
    """Writes the batches' small rows on its own connection, one batch behind the builder.

    Only outside a transaction (a second connection sees only committed rows) and on
    PostgreSQL: the database copies one batch's answers while Python builds the next.
    """

    def __init__(self):
        self.queue = queue.Queue(maxsize=1)  # at most one batch waits: memory stays flat
        self.error = None
        self.thread = threading.Thread(target=self._run, name="seed-demo-writer", daemon=True)
        self.thread.start()

    def write(self, tables):
        self._raise()
        self.queue.put(tables)

    def close(self):
        self.queue.put(None)
        self.thread.join()
        self._raise()

    def _raise(self):
        if self.error is not None:
            raise CommandError(f"Writing the rating answers and review items failed: {self.error}")

    def _run(self):
        try:
            while (tables := self.queue.get()) is not None:
                if self.error is None:
                    with transaction.atomic():
                        relax_commit()
                        write_small_rows(tables)
        except Exception as error:  # handed to the builder's thread, which stops
            self.error = error
            while self.queue.get() is not None:
                pass
        finally:
            connections.close_all()


def _next_ids(meta, count):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy_value(field):
    """How a field's Python value goes into COPY: psycopg adapts the rest as it is."""
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else Jsonb(value)
    if isinstance(field, models.FileField):
        return lambda value: value.name if value else ""
    return lambda value: value.value if isinstance(value, enum.Enum) else value


def _path(status, exam):
    """The statuses an application went through to reach `status`."""
    base = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW]
    return {
        S.DRAFT: [S.DRAFT],
        S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
        S.IN_REVIEW: base,
        S.CHANGES_REQUESTED: [*base, S.CHANGES_REQUESTED],
        S.EXAM_PENDING: [*base, S.EXAM_PENDING],
        S.APPROVED: [*base, *([S.EXAM_PENDING] if exam else []), S.APPROVED],
        S.DENIED: [*base, S.DENIED],
        S.WITHDRAWN: [S.DRAFT, S.SUBMITTED, S.WITHDRAWN],
    }[status]


class Builder:
    """Builds demo applications in batches; every random choice comes from one seeded generator."""

    def __init__(self, rng, now, coordinator, writer=None):
        self.rng = rng
        self.now = now
        self.coordinator = coordinator
        # With a writer, a batch's rating answers and review items (nine rows in ten) are
        # written by its thread after the batch commits, while the next batch is built.
        self.writer = writer
        self.small_rows = []
        self.categories = list(
            Category.objects.filter(edition__status=Edition.Status.PUBLISHED)
            .select_related("edition__association", "competencies_from")
            .order_by("edition__slug", "order", "code")
        )
        if not self.categories:
            raise CommandError("No published guidelines: run `python manage.py load_guidelines` first.")
        self.rules = {c.pk: rules_for_category(c)["application"] for c in self.categories}
        self.exam = {c.pk for c in self.categories if self._exam_required(c)}
        holders = {c.pk: c.competency_holder.pk for c in self.categories}
        areas, domains = {}, {}
        for area_id, category_id in Area.objects.filter(
            domain__category__in=set(holders.values())
        ).values_list("pk", "domain__category"):
            areas.setdefault(category_id, []).append(area_id)
        for domain_id, category_id in Domain.objects.filter(category__in=set(holders.values())).values_list(
            "pk", "category"
        ):
            domains.setdefault(category_id, []).append(domain_id)
        self.areas = {pk: areas.get(holder, []) for pk, holder in holders.items()}
        self.domains = {pk: domains.get(holder, []) for pk, holder in holders.items()}
        self.reviewers = self._reviewers()

    @staticmethod
    def _exam_required(category):
        exam = rules_for_category(category)["application"].get("exam") or {}
        return bool(exam) and exam.get("required") is not False

    @staticmethod
    def _reviewers():
        User = get_user_model()
        group = Group.objects.get(name=roles.REVIEWERS)
        associations = list(Association.objects.all())
        reviewers = []
        for number in range(1, REVIEWERS + 1):
            email = f"reviewer{number}@{DEMO_DOMAIN}"
            first, last = FIRST_NAMES[number * 7 % len(FIRST_NAMES)], LAST_NAMES[number * 5 % len(LAST_NAMES)]
            user, created = User.objects.get_or_create(
                username=email,
                defaults={
                    "email": email,
                    "first_name": first,
                    "last_name": last,
                    "password": UNUSABLE_PASSWORD,
                },
            )
            if created:
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                Profile.objects.create(user=user, legal_name=f"{first} {last}", discipline="social work")
            user.groups.add(group)
            for association in associations:  # the demo's reviewers review for every association
                Membership.objects.get_or_create(user=user, association=association, role=roles.REVIEWER)
            reviewers.append(user)
        demo_reviewer = User.objects.filter(username="reviewer@example.org").first()
        return reviewers + ([demo_reviewer] if demo_reviewer else [])

    # --- one application's plan ---------------------------------------------------------------

    def plan(self, index, number):
        rng = self.rng
        category = self.categories[index % len(self.categories)]
        statuses = list(STATUS_WEIGHTS)
        status = rng.choices(statuses, weights=STATUS_WEIGHTS.values())[0]
        forced = index - len(self.categories)
        if 0 <= forced < len(statuses):  # every status appears right after every category has
            status = statuses[forced]
        if status == S.EXAM_PENDING and category.pk not in self.exam:
            if 0 <= forced < len(statuses) and self.exam:
                category = next(c for c in self.categories if c.pk in self.exam)
            else:
                status = S.IN_REVIEW
        path = _path(status, category.pk in self.exam)
        created = self.now - datetime.timedelta(days=rng.uniform(14, 730))
        span = (self.now - created).total_seconds()
        last = created + datetime.timedelta(seconds=span * rng.uniform(0.3, 0.97))
        middle = sorted(
            created + datetime.timedelta(seconds=(last - created).total_seconds() * rng.random())
            for _ in range(len(path) - 2)
        )
        times = [created] if len(path) == 1 else [created, *middle, last]
        first, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return {
            "number": number,
            "category": category,
            "status": status,
            "path": path,
            "times": times,
            "first": first,
            "last": last_name,
            "story": self._story(status, category),
        }

    def _story(self, status, category):
        """What the portfolio is like, so that its verdict matches where the application stands.

        Approved and exam-pending portfolios meet every requirement (on the day of the decision);
        denied ones miss the infant-related work the decision names; returned ones are short of
        training; open ones are a mix of complete, nearly complete and needing judgment.
        """
        if status in (S.APPROVED, S.EXAM_PENDING):
            return COMPLETE
        if status == S.DENIED:
            return DENIED
        if status == S.CHANGES_REQUESTED:
            return NEARLY
        if status in (S.SUBMITTED, S.IN_REVIEW):
            story = self.rng.choices((COMPLETE, NEARLY, JUDGMENT), weights=(5, 3, 2))[0]
            return story if story != JUDGMENT or self.judgment_item(category) else NEARLY
        return self.rng.choice((NEARLY, PARTIAL))

    # --- a batch --------------------------------------------------------------------------------

    def build(self, plans):
        self.small_rows = []
        made = self._build(plans)
        if self.writer is not None:
            self.writer.write(self.small_rows)
        return made

    @transaction.atomic
    def _build(self, plans):
        rng = self.rng
        relax_commit()
        User = get_user_model()
        users = save_all(
            User,
            [
                User(
                    username=f"{p['first'].lower()}.{p['last'].lower()}.{p['number']}@{DEMO_DOMAIN}",
                    email=f"{p['first'].lower()}.{p['last'].lower()}.{p['number']}@{DEMO_DOMAIN}",
                    first_name=p["first"],
                    last_name=p["last"],
                    password=UNUSABLE_PASSWORD,
                    date_joined=p["times"][0] - datetime.timedelta(days=rng.randint(0, 30)),
                )
                for p in plans
            ],
        )
        save_all(
            EmailAddress,
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        )
        profiles = []
        for plan, user in zip(plans, users, strict=True):
            city, region = rng.choice(CITIES)
            association = plan["category"].edition.association
            plan["membership_expires"] = (self.now + datetime.timedelta(days=rng.randint(30, 400))).date()
            profiles.append(
                Profile(
                    user=user,
                    legal_name=f"{plan['first']} {plan['last']}",
                    phone=f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                    address=f"{rng.randint(10, 9999)} {rng.choice(LAST_NAMES)} Street",
                    city=city,
                    region=region,
                    postal_code=f"{rng.randint(10000, 99999)}",
                    association=association,
                    membership_number=f"M-{plan['number']:06d}",
                    membership_expires=plan["membership_expires"],
                    discipline=rng.choice(DISCIPLINES),
                    # Seven in ten list themselves, so the demo directory has people in it; not
                    # drawn from rng, so every other value stays as it was for a given seed.
                    directory_opt_in=plan["number"] % 10 < 7,
                )
            )
        save_all(Profile, profiles)
        applications = save_all(
            Application,
            [
                Application(
                    applicant=user,
                    category=plan["category"],
                    status=plan["status"],
                    created_at=plan["times"][0],
                    submitted_at=self._submitted_at(plan),
                    status_changed_at=plan["times"][-1],
                    decided_at=plan["times"][-1] if plan["status"] in S.DECIDED else None,
                    membership_association=plan["category"].edition.association.name,
                    membership_number=f"M-{plan['number']:06d}",
                    membership_expires=plan["membership_expires"],
                )
                for plan, user in zip(plans, users, strict=True)
            ],
        )
        for plan, application in zip(plans, applications, strict=True):
            plan["application"] = application
        self._portfolio(plans)
        self._references(plans)
        self._reviews(plans)
        self._history(plans)
        if self.writer is None:
            write_small_rows(self.small_rows)
        return len(applications)

    @staticmethod
    def _submitted_at(plan):
        if S.SUBMITTED not in plan["path"]:
            return None
        return plan["times"][plan["path"].index(S.SUBMITTED)]

    def judgment_item(self, category):
        """What in this category's rules the coordinator may have to judge, or None."""
        rules = self.rules[category.pk]
        components = (rules.get("work_experience") or {}).get("components", [])
        if any(component.get("internship") for component in components):
            return "internship"
        if ((rules.get("references") or {}).get("endorsed") or {}).get("vetting"):
            return "rater_vetting"
        if (rules.get("reflective_supervision") or {}).get("fallback_providers"):
            return "rsc_fallback"
        return None

    def _verdict_day(self, plan):
        """The day the portfolio is judged on: the decision's, or today for an open application."""
        return plan["times"][-1].date() if plan["status"] in S.DECIDED else self.now.date()

    def _logged_by(self, plan):
        """Entries are dated before the application was submitted (or, for a draft, before today)."""
        return (self._submitted_at(plan) or plan["times"][-1]).date()

    def _transcripts(self, plans):
        """One transcript document per application, all pointing at one small demo PDF."""
        name = "demo/transcript.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(demo_transcript_pdf()))
        size = default_storage.size(name)
        documents = save_all(
            Document,
            (
                Document(
                    application=plan["application"],
                    kind=Document.Kind.TRANSCRIPT,
                    file=name,
                    original_name="transcript.pdf",
                    content_type="application/pdf",
                    size=size,
                    sha256="0" * 64,
                    uploaded_at=plan["times"][0],
                    uploaded_by=plan["application"].applicant,
                )
                for plan in plans
            ),
        )
        for plan, document in zip(plans, documents, strict=True):
            plan["transcript"] = document

    def _portfolio(self, plans):
        """Degrees, work, training, RS/C and leadership drawn from each category's rules."""
        rng = self.rng
        self._transcripts(plans)
        degrees, work, training, rsc, attestations, leadership = [], [], [], [], [], []
        for plan in plans:
            app, category, story = plan["application"], plan["category"], plan["story"]
            rules = self.rules[category.pk]
            logged_by, verdict_day = self._logged_by(plan), self._verdict_day(plan)
            components = (rules.get("work_experience") or {}).get("components", [])
            years = max([component.get("years", 0) for component in components] or [2])
            level, name = rng.choice(DEGREES[min(category.level, 4)])
            conferred = plan["times"][0].date() - datetime.timedelta(
                days=365 * (years + 2) + rng.randint(60, 900)
            )
            degrees.append(
                Degree(
                    application=app,
                    level=level,
                    name=name,
                    institution=rng.choice(INSTITUTIONS),
                    conferred=conferred,
                    transcript=plan["transcript"],
                )
            )
            work += self._work(plan, components, conferred, verdict_day)
            training += self._training(plan, rules.get("training") or {}, logged_by)
            rsc += self._rsc(plan, rules.get("reflective_supervision") or {}, logged_by)
            for number in range((rules.get("leadership_activities") or {}).get("min_count", 0)):
                leadership.append(
                    LeadershipActivity(
                        application=app,
                        description=LEADERSHIP[(plan["number"] + number) % len(LEADERSHIP)],
                        start=logged_by - datetime.timedelta(days=rng.randint(200, 900)),
                    )
                )
            if plan["status"] != S.DRAFT or story != PARTIAL:
                for kind in Attestation.Kind.values:
                    attestations.append(
                        Attestation(
                            application=app,
                            kind=kind,
                            signed_name=f"{plan['first']} {plan['last']}",
                            signed_at=plan["times"][1] if len(plan["times"]) > 1 else plan["times"][0],
                            text_version=f"default/{kind}/2025-1",
                        )
                    )
        for model, rows in (
            (Degree, degrees),
            (WorkPeriod, work),
            (TrainingEntry, training),
            (RSCEntry, rsc),
            (LeadershipActivity, leadership),
            (Attestation, attestations),
        ):
            save_all(model, rows)

    def _work(self, plan, components, conferred, verdict_day):
        """One ongoing position doing what the category's work criteria name, since well before."""
        rng, story = self.rng, plan["story"]
        required = {flag for component in components for flag in component.get("require", [])}
        families = max([component.get("min_families", 0) for component in components] or [0])
        flags = {flag: flag in required or flag in ("infant_related", "supervised") for flag in WORK_FLAGS}
        start = conferred + datetime.timedelta(days=rng.randint(30, 200))
        position = {
            "application": plan["application"],
            "title": rng.choice(TITLES),
            "employer": rng.choice(EMPLOYERS),
            "start": start,
            "end": None,
            "paid": True,
            "families_served": families + rng.randint(2, 15),
            **flags,
        }
        rows = []
        if story == JUDGMENT and self.judgment_item(plan["category"]) == "internship":
            # A year and a half of paid work, after a supervised graduate internship: the
            # internship decides the requirement, so the coordinator judges it.
            paid_from = verdict_day - datetime.timedelta(days=550)
            position["start"] = paid_from
            rows.append(
                WorkPeriod(
                    **{
                        **position,
                        "start": paid_from - datetime.timedelta(days=400),
                        "end": paid_from - datetime.timedelta(days=1),
                        "paid": False,
                        "title": "Graduate intern, infant mental health clinic",
                    },
                    internship=True,
                    internship_supervisor_endorsements=["IMHM-C"],
                )
            )
        rows.append(WorkPeriod(**position))
        return rows

    def _training(self, plan, params, logged_by):
        """Entries adding up to the required hours (and the RS/C didactic hours), or just short."""
        rng = self.rng
        need = Decimal(str(params.get("min_hours", 30)))
        total = need + Decimal(rng.choice((3, 6, 12, 20)))
        if plan["story"] in (NEARLY, PARTIAL):
            total = need - Decimal(rng.choice(("1.5", "3", "4.5", "6")))
        elif plan["story"] == DENIED:
            total = (need * Decimal("0.6")).to_integral_value()
        about_rsc_needed = Decimal(str(params.get("rsc_didactic_hours", 0)))
        rows, about_rsc = [], Decimal(0)
        while total > 0:
            hours = min(total, Decimal(rng.choice(("3", "6", "7.5", "12"))))
            rows.append(
                TrainingEntry(
                    application=plan["application"],
                    title=rng.choice(TRAININGS),
                    provider=rng.choice(PROVIDERS),
                    date=logged_by - datetime.timedelta(days=rng.randint(10, 700)),
                    hours=hours,
                    about_rsc=about_rsc < about_rsc_needed,
                )
            )
            if rows[-1].about_rsc:
                about_rsc += hours
            total -= hours
        return rows

    def _rsc(self, plan, params, logged_by):
        """Monthly RS/C over the eighteen months before submission from a qualifying provider."""
        if not params.get("min_hours"):
            return []
        rng = self.rng
        months = 18
        per_month = (Decimal(str(params["min_hours"])) * Decimal("1.25") / months * 2).to_integral_value(
            rounding="ROUND_CEILING"
        ) / 2
        providers = params.get("providers") or ["IMHM-C"]
        if plan["story"] == JUDGMENT and self.judgment_item(plan["category"]) == "rsc_fallback":
            providers = params["fallback_providers"]["codes"]  # no IMHS or IMHM-C was available
        about_needed = Decimal(str(params.get("about_rsc_provided_hours", 0)))
        begin = logged_by - datetime.timedelta(days=30 * months + 10)
        provider = rng.choice(RSC_PROVIDERS)
        rows, about = [], Decimal(0)
        for month in range(months):
            start = begin + datetime.timedelta(days=30 * month)
            rows.append(
                RSCEntry(
                    application=plan["application"],
                    provider=provider,
                    provider_endorsements=[providers[0]],
                    format=rng.choice(RSCEntry.Format.values),
                    start=start,
                    end=start + datetime.timedelta(days=29),
                    hours=per_month,
                    about_rsc_provided=about < about_needed,
                )
            )
            if rows[-1].about_rsc_provided:
                about += per_month
        return rows

    @staticmethod
    def _rater_roles(params):
        """One rater for each slot the category names, then others it accepts, up to the count."""
        roles_ = [slot["roles"][0] for slot in params.get("slots", [])]
        accepted = params.get("allowed_roles") or [
            role for slot in params.get("slots", []) for role in slot["roles"]
        ]
        others = [role for role in FILL_ROLES if role in accepted and role not in roles_] or ["colleague"]
        while len(roles_) < params.get("count", 3):
            roles_.append(others[(len(roles_)) % len(others)])
        return roles_

    def _references(self, plans):
        rng = self.rng
        references, ratings = [], []
        for plan in plans:
            app, status, story = plan["application"], plan["status"], plan["story"]
            params = self.rules[plan["category"].pk].get("references") or {}
            codes = (params.get("endorsed") or {}).get("codes") or ["IMHM-C", "IMHS", "IFS"]
            submitted = self._submitted_at(plan)
            for position, role in enumerate(self._rater_roles(params)):
                if status == S.DRAFT or story == PARTIAL:
                    state = rng.choice((ReferenceRequest.Status.INVITED, ReferenceRequest.Status.OPENED))
                else:
                    state = ReferenceRequest.Status.SUBMITTED
                # Ratings come in during the weeks before submission, well within their year.
                answered = (submitted or plan["times"][-1]) - datetime.timedelta(days=rng.randint(3, 60))
                answered = max(answered, plan["times"][0] + datetime.timedelta(hours=1))
                invited = max(answered - datetime.timedelta(days=rng.randint(2, 30)), plan["times"][0])
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                endorsed = position == 0 or rng.random() < 0.6
                if story == JUDGMENT and self.judgment_item(plan["category"]) == "rater_vetting":
                    endorsed = False  # the coordinator calls the raters to vet them
                reference = ReferenceRequest(
                    application=app,
                    name=f"{first} {last}",
                    email=f"{first.lower()}.{last.lower()}.{plan['number']}.{position}@{DEMO_DOMAIN}",
                    role=role,
                    rater_endorsements=[next((c for c in ENDORSED_RATER_CODES if c in codes), codes[0])]
                    if endorsed
                    else [],
                    status=state,
                    invited_at=invited,
                    opened_at=answered if state != ReferenceRequest.Status.INVITED else None,
                    answered_at=answered if state == ReferenceRequest.Status.SUBMITTED else None,
                )
                references.append(reference)
                if state != ReferenceRequest.Status.INVITED:
                    ratings.append(
                        (plan, reference, answered if state == ReferenceRequest.Status.SUBMITTED else None)
                    )
        save_all(ReferenceRequest, references)
        rating_rows = save_all(
            Rating,
            (
                Rating(
                    reference=reference,
                    known_for=f"{rng.randint(1, 9)} years",
                    capacity=rng.choice(Rating.Capacity.values),
                    submitted_at=submitted,
                )
                for _plan, reference, submitted in ratings
            ),
        )
        answers = []
        for (plan, _reference, _submitted), rating in zip(ratings, rating_rows, strict=True):
            areas = self.areas[plan["category"].pk]
            # A rater who knows the work well marks at most a couple of areas "not enough information".
            unknown = set(rng.sample(range(len(areas)), min(rng.randint(0, 2), len(areas))))
            answers += [
                (rating.pk, area, 0 if index in unknown else rng.choice((2, 3, 3, 4, 4)))
                for index, area in enumerate(areas)
            ]
        self.small_rows.append((RatingAnswer, ("rating_id", "area_id", "score"), answers))

    def _reviews(self, plans):
        rng = self.rng
        assignments, reviews = [], []
        for plan in plans:
            status, app = plan["status"], plan["application"]
            if S.IN_REVIEW not in plan["path"]:
                continue
            started = plan["times"][plan["path"].index(S.IN_REVIEW)]
            count = rng.choice((0, 1, 2, 2, 2)) if status == S.IN_REVIEW else 2
            for reviewer in rng.sample(self.reviewers, min(count, len(self.reviewers))):
                done = status != S.IN_REVIEW or rng.random() < 0.4
                assignment = ReviewerAssignment(
                    application=app,
                    reviewer=reviewer,
                    assigned_by=self.coordinator,
                    assigned_at=started,
                    notified_at=started,
                    status=ReviewerAssignment.Status.SUBMITTED
                    if done
                    else ReviewerAssignment.Status.ASSIGNED,
                )
                assignments.append(assignment)
                if done:
                    reviews.append((plan, assignment))
        save_all(ReviewerAssignment, assignments)
        review_rows = save_all(
            Review,
            (
                Review(
                    assignment=assignment,
                    recommendation=RECOMMENDATION.get(plan["status"], Review.Recommendation.APPROVE),
                    summary=rng.choice(
                        (
                            "A well-documented portfolio; the ratings agree on strong relationship-based practice.",
                            "Training hours are sufficient; the RS/C log is thin in the last year.",
                            "Work experience is clearly infant-related; references are consistent.",
                        )
                    ),
                    submitted_at=assignment.assigned_at
                    + (self._reviewed_by(plan) - assignment.assigned_at) * 0.5,
                )
                for plan, assignment in reviews
            ),
        )
        items = [
            (
                review.pk,
                "",
                domain,
                ReviewItem.Verdict.MET if rng.random() < 0.85 else ReviewItem.Verdict.UNCLEAR,
                "",
            )
            for (plan, _assignment), review in zip(reviews, review_rows, strict=True)
            for domain in self.domains[plan["category"].pk]
        ]
        self.small_rows.append(
            (ReviewItem, ("review_id", "requirement", "domain_id", "verdict", "note"), items)
        )

    def _reviewed_by(self, plan):
        return self.now if plan["status"] == S.IN_REVIEW else plan["times"][-1]

    def _history(self, plans):
        rng = self.rng
        events, changes, decisions, sittings = [], [], [], []
        for plan in plans:
            app, applicant = plan["application"], plan["application"].applicant
            previous = ""
            for status, when in zip(plan["path"], plan["times"], strict=True):
                by_applicant = status in (S.DRAFT, S.SUBMITTED, S.WITHDRAWN)
                events.append(
                    ApplicationEvent(
                        application=app,
                        actor=applicant if by_applicant else self.coordinator,
                        created_at=when,
                        from_status=previous,
                        to_status=status,
                        note="Review started" if status == S.IN_REVIEW else "",
                    )
                )
                previous = status
            end = plan["times"][-1]
            if plan["status"] == S.CHANGES_REQUESTED:
                changes.append(
                    ChangeRequest(
                        application=app,
                        section=rng.choice(("training", "rsc", "references", "")),
                        message="Please add the certificates for the training entries of the last year.",
                        created_by=self.coordinator,
                        created_at=end,
                        emailed_at=end,
                    )
                )
            if plan["status"] in S.DECIDED:
                approved = plan["status"] == S.APPROVED
                decisions.append(
                    Decision(
                        application=app,
                        outcome=Decision.Outcome.APPROVED if approved else Decision.Outcome.DENIED,
                        reasons="" if approved else DENIAL_REASONS,
                        email_subject=f"Your {plan['category'].code} application: {plan['status']}",
                        email_body=f"Dear {plan['first']},\n\nYour application has been {plan['status']}.",
                        decided_by=self.coordinator,
                        decided_at=end,
                        emailed_at=end,
                    )
                )
            if S.EXAM_PENDING in plan["path"] and plan["status"] != S.EXAM_PENDING:
                exam_started = plan["times"][plan["path"].index(S.EXAM_PENDING)]
                sat_on = (exam_started + (end - exam_started) * 0.5).date()
                sittings.append(
                    ExamSitting(
                        application=app,
                        sat_on=sat_on,
                        multiple_choice_score=Decimal(rng.randint(80, 98)),
                        pass_mark_percent=Decimal("80"),
                        multiple_choice_result=ExamResult.PASSED,
                        essay_track=(self.rules[plan["category"].pk].get("exam") or {}).get("essay_track")
                        or ExamSitting.EssayTrack.CLINICAL,
                        essay_score_1=ExamResult.PASSED,
                        essay_score_2=ExamResult.PASSED,
                        essay_result=ExamResult.PASSED,
                        recorded_by=self.coordinator,
                        recorded_at=end,
                    )
                )
        save_all(ApplicationEvent, events)
        save_all(ChangeRequest, changes)
        save_all(Decision, decisions)
        save_all(ExamSitting, sittings)


def demo_transcript_pdf():
    """A one-page PDF that says what it is: every demo transcript points at it."""
    from weasyprint import HTML

    return HTML(
        string="<h1>Demo transcript</h1><p>Demonstration data: this is not a real academic record.</p>"
    ).write_pdf()


def demo_users():
    return get_user_model().objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")


def delete_demo_data():
    """Delete every demo applicant and reviewer, with everything under their applications."""
    with transaction.atomic():
        if apps.is_installed("renewals"):
            # Endorsements protect their holder and application from deletion; `seed_endorsements`
            # makes them for the demo, so a reset removes them first (looked up by name: reviews
            # never imports renewals).
            apps.get_model("renewals", "Endorsement").objects.filter(holder__in=demo_users()).delete()
        Application.objects.filter(applicant__in=demo_users()).delete()
        demo_users().delete()


class Command(BaseCommand):
    help = "Create realistic demo applications (and the demo staff accounts) at any scale."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=200, help="How many applications to add.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: same seed, same data.")
        parser.add_argument(
            "--reset", action="store_true", help=f"Delete earlier demo data (@{DEMO_DOMAIN})."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args, applications, seed, reset, batch_size, **options):
        if applications < 0:
            raise CommandError("--applications must be zero or more.")
        verbose = options["verbosity"] > 0
        if reset:
            delete_demo_data()
            if verbose:
                self.stdout.write("Deleted the earlier demo data.")
        roles.ensure_groups()
        Builder._reviewers()  # before demo_accounts, which gives them the demo sign-in and prints them
        call_command("demo_accounts", stdout=self.stdout if verbose else io.StringIO())
        coordinator = get_user_model().objects.get(username="coordinator@example.org")
        pipelined = connection.vendor == "postgresql" and not connection.in_atomic_block
        writer = SmallRowWriter() if pipelined and applications > batch_size else None
        builder = Builder(random.Random(seed), timezone.now(), coordinator, writer)
        start = Application.objects.filter(applicant__in=demo_users()).count()
        made = 0
        try:
            while made < applications:
                size = min(batch_size, applications - made)
                plans = [builder.plan(start + made + i, start + made + i + 1) for i in range(size)]
                made += builder.build(plans)
                if verbose:
                    self.stdout.write(f"  {made} of {applications} applications")
        finally:
            if writer is not None:
                writer.close()
            # Assignments went in with COPY, which no signal sees.
            OPEN_REVIEWS.changed()
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Added {made} demo applications (seed {seed})."))
