"""The guidelines admin: pages load cheaply, published editions are read-only, drafts are edited."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competencies.models import (
    Area,
    Association,
    Category,
    Domain,
    Edition,
    GlossaryTerm,
    RequirementRule,
    Statement,
)
from competencies.services import clone_edition

from .test_services_editions import counts

LOCKED = "This edition is published and applications rely on it."
CHANGELIST_QUERIES = 12
CHANGE_PAGE_QUERIES = 15


def admin_url(model, view, *args):
    return reverse(f"admin:competencies_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """The POST data of an admin change page as it was rendered: what "Save" sends unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def orimha(guidelines):
    return Edition.objects.get(slug="orimha")


@pytest.fixture
def draft(orimha):
    return clone_edition(orimha)


def one_of_each(edition):
    """An object of every model of the guidelines admin, inside `edition`."""
    clinical = Category.objects.get(edition=edition, code="IMHM-C")
    domain = clinical.domains.get(title="Direct Service Skills")
    return {
        Edition: edition,
        Category: clinical,
        Domain: domain,
        Statement: domain.statements.exclude(parent=None).first(),
        GlossaryTerm: edition.glossary.first(),
    }


@pytest.mark.parametrize(
    "model, query",
    [
        (Edition, ""),
        (Edition, "?status=published&q=ORIMHA"),
        (Category, ""),
        (Category, "?edition=orimha"),
        (Domain, ""),
        (Domain, "?edition=orimha&q=Thinking"),
        (Statement, ""),
        (Statement, "?kind=statement&tag=P&edition=orimha"),
        (Statement, "?q=reflective+supervision"),
        (GlossaryTerm, "?q=reflective"),
        (GlossaryTerm, "?edition=orimha"),
        (Category, "?q=IMHM"),
        (Association, ""),
    ],
)
def test_changelists_load_within_the_query_budget(
    admin_client, draft, django_assert_max_num_queries, model, query
):
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(admin_url(model, "changelist") + query)

    assert response.status_code == 200


def test_the_statement_changelist_filters_by_mentor_tag(admin_client, guidelines):
    response = admin_client.get(admin_url(Statement, "changelist") + "?tag=R/F&kind=statement")

    assert response.context["cl"].result_count == 10


def test_the_edition_list_shows_how_many_categories_each_has(admin_client, guidelines):
    response = admin_client.get(admin_url(Edition, "changelist"))

    rows = {edition.slug: edition.category_count for edition in response.context["cl"].result_list}
    assert rows == {"orimha": 6, "mi-aimh-2025": 1}


@pytest.mark.parametrize("model", [Edition, Category, Domain, Statement, GlossaryTerm])
@pytest.mark.parametrize("which", ["published", "draft"])
def test_change_pages_load_within_the_query_budget(
    admin_client, orimha, draft, django_assert_max_num_queries, model, which
):
    obj = one_of_each(orimha if which == "published" else draft)[model]

    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert (LOCKED in " ".join(messages_of(response))) == (which == "published")


def test_the_association_page_loads_within_the_query_budget(
    admin_client, orimha, django_assert_max_num_queries
):
    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        response = admin_client.get(admin_url(Association, "change", orimha.association_id))

    assert response.status_code == 200
    assert not messages_of(response)


def test_a_domain_page_costs_the_same_however_many_statements_it_has(admin_client, draft):
    small = Domain.objects.get(category__edition=draft, category__code="IMHM-C", title="Systems Expertise")
    large = Domain.objects.get(
        category__edition=draft, category__code="IMHM-C", title="Direct Service Skills"
    )
    admin_client.get(admin_url(Domain, "change", small.pk))  # warm up the session and content types

    with CaptureQueriesContext(connection) as small_queries:
        admin_client.get(admin_url(Domain, "change", small.pk))
    with CaptureQueriesContext(connection) as large_queries:
        admin_client.get(admin_url(Domain, "change", large.pk))

    assert large.statements.count() >= 9 * small.statements.count()
    assert len(large_queries) == len(small_queries)


def test_add_pages_offer_only_draft_editions(admin_client, draft):
    response = admin_client.get(admin_url(Category, "add"))

    assert list(response.context["adminform"].form.fields["edition"].queryset) == [draft]


def test_a_published_statement_is_shown_read_only_with_the_reason(admin_client, orimha):
    statement = one_of_each(orimha)[Statement]

    response = admin_client.get(admin_url(Statement, "change", statement.pk))

    assert response.status_code == 200
    assert messages_of(response) == [
        "This edition is published and applications rely on it. To change it, use “Clone as a new draft” "
        "on the list of editions, edit the draft, and publish it."
    ]
    assert not response.context["has_change_permission"]
    assert b'name="_save"' not in response.content


def test_changes_sent_to_a_published_statement_are_refused(admin_client, orimha):
    statement = one_of_each(orimha)[Statement]
    text = statement.text

    response = admin_client.post(
        admin_url(Statement, "change", statement.pk),
        {"domain": statement.domain_id, "order": 1, "kind": "statement", "text": "Rewritten in place"},
        follow=True,
    )

    statement.refresh_from_db()
    assert statement.text == text
    assert messages_of(response)[0] == "Your changes were not saved."
    assert LOCKED in messages_of(response)[1]


def test_a_published_edition_cannot_be_deleted_in_the_admin(admin_client, orimha):
    response = admin_client.post(admin_url(Edition, "delete", orimha.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Edition.objects.filter(pk=orimha.pk).exists()


def test_inlines_of_a_published_category_offer_no_changes(admin_client, orimha):
    clinical = Category.objects.get(edition=orimha, code="IMHM-C")

    response = admin_client.get(admin_url(Category, "change", clinical.pk))

    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission


def test_a_draft_statement_can_be_edited(admin_client, draft):
    statement = one_of_each(draft)[Statement]
    page = admin_client.get(admin_url(Statement, "change", statement.pk))
    data = form_data(page)
    data["text"] = "Identifies and shares feedback with the parent(s)"
    data["tags"] = ["A", "C"]

    response = admin_client.post(admin_url(Statement, "change", statement.pk), data)

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Identifies and shares feedback with the parent(s)"
    assert statement.tags == ["A", "C"]


def test_a_draft_domain_saves_its_statements_and_areas_unchanged(admin_client, draft):
    domain = one_of_each(draft)[Domain]
    before = list(domain.statements.order_by("pk").values_list("pk", "parent_id", "area_id", "text", "tags"))
    page = admin_client.get(admin_url(Domain, "change", domain.pk))

    response = admin_client.post(admin_url(Domain, "change", domain.pk), form_data(page))

    assert response.status_code == 302
    after = list(domain.statements.order_by("pk").values_list("pk", "parent_id", "area_id", "text", "tags"))
    assert after == before


def test_a_sub_item_can_only_hang_under_a_statement_of_its_domain(admin_client, draft):
    statement = one_of_each(draft)[Statement]
    elsewhere = (
        Statement.objects.filter(domain__category__edition=draft).exclude(domain=statement.domain).first()
    )
    data = form_data(admin_client.get(admin_url(Statement, "change", statement.pk)))
    data["parent"] = elsewhere.pk

    response = admin_client.post(admin_url(Statement, "change", statement.pk), data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors


def test_the_clone_action_creates_an_equal_draft(admin_client, orimha):
    response = admin_client.post(
        admin_url(Edition, "changelist"),
        {"action": "clone_as_draft", "_selected_action": [orimha.pk]},
        follow=True,
    )

    draft = Edition.objects.get(slug="orimha-draft")
    assert draft.status == Edition.Status.DRAFT
    assert counts(draft) == counts(orimha)
    clinical = Category.objects.get(edition=draft, code="IMHM-C")
    assert set(
        Category.objects.filter(competencies_from__isnull=False, edition=draft).values_list("code", flat=True)
    ) == {
        "IMHM-P",
        "IMHM-R/F",
    }
    assert (
        not Category.objects.filter(edition=draft)
        .exclude(competencies_from=None)
        .exclude(competencies_from=clinical)
        .exists()
    )
    [message] = messages_of(response)
    assert message.startswith("Cloned “ORIMHA Competency Guidelines")
    assert f'<a href="{admin_url(Edition, "change", draft.pk)}">orimha-draft</a>' in message


def test_cloning_twice_numbers_the_drafts(admin_client, orimha):
    for _ in range(2):
        admin_client.post(
            admin_url(Edition, "changelist"), {"action": "clone_as_draft", "_selected_action": [orimha.pk]}
        )

    assert set(Edition.objects.filter(based_on=orimha).values_list("slug", flat=True)) == {
        "orimha-draft",
        "orimha-draft-2",
    }


def test_the_publish_action_publishes_a_draft(admin_client, draft):
    response = admin_client.post(
        admin_url(Edition, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED
    assert messages_of(response) == [
        f"Published “{draft.title}”. It is now read-only; clone it to make further changes."
    ]


def test_the_publish_action_refuses_a_published_edition_with_a_message(admin_client, orimha):
    response = admin_client.post(
        admin_url(Edition, "changelist"), {"action": "publish", "_selected_action": [orimha.pk]}, follow=True
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        f"“{orimha.title}” was not published: “{orimha.title}” is published; only a draft edition can be published."
    ]


def test_the_retire_action_retires_a_published_edition_and_refuses_a_draft(admin_client, orimha, draft):
    response = admin_client.post(
        admin_url(Edition, "changelist"),
        {"action": "retire", "_selected_action": [orimha.pk, draft.pk]},
        follow=True,
    )

    orimha.refresh_from_db()
    draft.refresh_from_db()
    assert (orimha.status, draft.status) == (Edition.Status.RETIRED, Edition.Status.DRAFT)
    assert sorted(messages_of(response)) == sorted(
        [
            f"Retired “{orimha.title}”. No new application can be started under it; the applications "
            "already under it go on as they are.",
            f"“{draft.title}” was not retired: “{draft.title}” is draft; only a published edition can be retired.",
        ]
    )


def test_the_publish_action_reports_invalid_rule_settings(admin_client, draft):
    RequirementRule.objects.filter(category__edition=draft, category__code="IMHS", key="exam").update(
        params={"parts": ["oral"]}
    )

    response = admin_client.post(
        admin_url(Edition, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    [message] = messages_of(response)
    assert message.startswith(f"“{draft.title}” was not published: IMHS exam.parts: must be a list of")


def test_a_draft_edition_with_mentor_designations_can_be_deleted(admin_client, draft):
    page = admin_client.get(admin_url(Edition, "delete", draft.pk))
    assert page.status_code == 200
    assert not page.context["protected"]

    response = admin_client.post(admin_url(Edition, "delete", draft.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Edition.objects.filter(pk=draft.pk).exists()


def post_rule_settings(admin_client, category, rule, params):
    """The category's change form as the admin shows it, posted with `params` as the rule's settings."""
    data = form_data(admin_client.get(admin_url(Category, "change", category.pk)))
    [prefix] = [
        key[: -len("-id")] for key, value in data.items() if key.startswith("rules-") and value == rule.pk
    ]
    data[f"{prefix}-params"] = params
    return admin_client.post(admin_url(Category, "change", category.pk), data)


@pytest.mark.parametrize("which", ["published", "draft"])
def test_rule_settings_are_shown_indented_with_what_they_mean(admin_client, orimha, draft, which):
    ifs = Category.objects.get(edition=orimha if which == "published" else draft, code="IFS")

    response = admin_client.get(admin_url(Category, "change", ifs.pk))

    content = html.unescape(response.content.decode())
    assert '{\n  "min_hours": 30,\n  "typical_hours": 50\n}' in content
    assert "Minimum 30 clock hours of specialized training." in content


@pytest.mark.slow
def test_a_rule_with_invalid_settings_is_rejected_naming_the_setting(admin_client, draft):
    ifs = Category.objects.get(edition=draft, code="IFS")
    rule = ifs.rules.get(stage="application", key="training")
    params = rule.params

    response = post_rule_settings(admin_client, ifs, rule, '{"min_hours": -1}')

    assert response.status_code == 200
    errors = [
        str(error) for inline in response.context["inline_admin_formsets"] for error in inline.formset.errors
    ]
    assert any("training.min_hours: must be a number of at least 0" in error for error in errors)
    rule.refresh_from_db()
    assert rule.params == params


def test_rule_settings_that_are_not_json_get_a_hint(admin_client, draft):
    ifs = Category.objects.get(edition=draft, code="IFS")
    rule = ifs.rules.get(stage="application", key="training")

    response = post_rule_settings(admin_client, ifs, rule, "{min_hours: 33")

    assert response.status_code == 200
    assert "Write the settings as JSON" in response.content.decode()


@pytest.mark.slow
def test_a_draft_rule_change_is_saved(admin_client, draft):
    ifs = Category.objects.get(edition=draft, code="IFS")
    rule = ifs.rules.get(stage="application", key="training")

    response = post_rule_settings(admin_client, ifs, rule, '{"min_hours": 33, "typical_hours": 50}')

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.params == {"min_hours": 33, "typical_hours": 50}


def test_areas_are_only_offered_from_the_statements_domain(admin_client, draft):
    statement = one_of_each(draft)[Statement]

    response = admin_client.get(admin_url(Statement, "change", statement.pk))

    areas = response.context["adminform"].form.fields["area"].queryset
    assert set(areas) == set(Area.objects.filter(domain=statement.domain))


def test_the_retire_action_closes_a_published_edition_to_new_applications(admin_client, orimha):
    response = admin_client.post(
        admin_url(Edition, "changelist"), {"action": "retire", "_selected_action": [orimha.pk]}, follow=True
    )

    orimha.refresh_from_db()
    assert orimha.status == Edition.Status.RETIRED
    assert any("No new application can be started under it" in m for m in messages_of(response))
    again = admin_client.post(
        admin_url(Edition, "changelist"), {"action": "retire", "_selected_action": [orimha.pk]}, follow=True
    )
    assert any("only a published edition can be retired" in m for m in messages_of(again))
