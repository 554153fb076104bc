"""The coordinator's dashboard. The figures come from reviews.dashboard, the charts from reviews.charts."""

import hashlib

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from competencies.models import Membership, staff_scope_key
from competencies.services import categories_for_staff
from endorsement import roles
from endorsement.generations import PROCESS_TOKEN

from .. import charts, dashboard


class DashboardFilterForm(forms.Form):
    """Association and edition, read from the query string; both optional."""

    association = forms.ChoiceField(label=_("Association"), required=False)
    edition = forms.ChoiceField(label=_("Edition"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        associations = {c.edition.association.slug: c.edition.association.name for c in categories}
        editions = {c.edition.slug: c.edition.title for c in categories}
        self.fields["association"].choices = [("", _("All associations")), *sorted(associations.items())]
        self.fields["edition"].choices = [("", _("All editions")), *sorted(editions.items())]

    def filters(self):
        """The valid filters; an unknown value is ignored and explained at its field."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in ("association", "edition")}


def _charts(figures):
    counts, medians = figures["counts"], figures["medians"]
    return {
        "status": charts.bar_chart(
            counts["by_status"],
            title=_("Applications by status"),
            description=_("One bar per status; the number of applications is written after each bar."),
        ),
        "category": charts.bar_chart(
            counts["by_category"],
            title=_("Applications by category"),
            description=_("One bar per category; the number of applications is written after each bar."),
        ),
        "months": charts.column_chart(
            figures["months"],
            title=_("Applications submitted per month"),
            description=_(
                "First submissions in each of the last twelve months, oldest month first; "
                "the number is written above each column."
            ),
        ),
        "stays": charts.bar_chart(
            [{"label": row["label"], "value": row["median"]} for row in medians["per_status"]],
            title=_("Median days in each status"),
            description=_(
                "One bar per status; the median number of days is written after each bar, "
                "a dash where no application has been in that status."
            ),
            decimals=1,
            unit=_("days"),
        ),
    }


@require_GET
@login_required
def dashboard_view(request):
    if not roles.is_coordinator(request.user):
        raise PermissionDenied("The dashboard is for endorsement coordinators.")
    categories = categories_for_staff(request.user)
    form = DashboardFilterForm(request.GET or None, categories=categories)
    filters = form.filters() if form.is_bound else {"association": "", "edition": ""}
    figures, now = dashboard.cached_dashboard(
        request.user, filters, categories=dashboard.scoped_categories(categories, filters)
    )
    filtered = any(filters.values())
    return render(
        request,
        "reviews/dashboard.html",
        {"form": form, "filtered": filtered, "sections": _sections(request.user, figures, now, filters)},
    )


def _sections(user, figures, now, filters):
    """The figures drawn, kept as long as the figures they draw: the same copy of the figures
    (named by the coordinator's associations, the filters and when they were counted) in the
    same language and time zone draws the same page."""
    wanted = "|".join(
        [
            PROCESS_TOKEN,
            staff_scope_key(user, Membership.Role.COORDINATOR),
            now.isoformat(),
            repr(sorted(filters.items())),
            get_language() or "-",
            timezone.get_current_timezone_name(),
        ]
    )

    def draw():
        context = {
            "filtered": any(filters.values()),
            "now": now,
            "cache_minutes": dashboard.CACHE_SECONDS // 60,
            "charts": _charts(figures),
            "recent_days": dashboard.RECENT_REVIEW_DAYS,
            **figures,
        }
        return render_to_string("reviews/_dashboard_sections.html", context)

    html = cache.get_or_set(
        "dashboard-sections:" + hashlib.sha256(wanted.encode()).hexdigest(), draw, dashboard.CACHE_SECONDS
    )
    # Our own template's output, rendered with autoescaping.
    return mark_safe(html)  # noqa: S308
