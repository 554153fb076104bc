"""The public guideline pages: what a visitor reads on /guidelines/ and each category page."""

import html
import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from competencies.models import Association, Category, Edition, GlossaryTerm, RequirementRule, Statement
from competencies.rules import LABELS, describe_requirement
from tests.endorsement.staff_factories import give_totp

CATEGORY_PAGES = [
    ("orimha", "ifa"),
    ("orimha", "ifs"),
    ("orimha", "imhs"),
    ("orimha", "imhm-c"),
    ("orimha", "imhm-p"),
    ("orimha", "imhm-rf"),
    ("mi-aimh-2025", "ifs"),
]


def visible_text(response):
    """The page as a reader sees it: tags removed, entities decoded, whitespace collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style|head)\b.*?</\1>", " ", content, flags=re.S)
    content = re.sub(r"<[^>]+>", "", content)
    return " ".join(html.unescape(content).split())


def plain(text):
    """A statement as the page shows it: *emphasis* becomes italics, whitespace collapses."""
    return " ".join(text.replace("*", "").split())


def category_url(edition, slug, **query):
    url = reverse("competencies:category", args=[edition, slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def get_category(edition, slug):
    return Category.objects.select_related("edition", "competencies_from").get(
        edition__slug=edition, slug=slug
    )


def statements_of(category, kind=Statement.Kind.STATEMENT):
    return list(Statement.objects.filter(domain__category=category.competency_holder, kind=kind))


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    give_totp(user)
    client.force_login(user)
    return client


@pytest.fixture
def draft_edition(guidelines):
    association = Association.objects.get(slug="orimha")
    edition = Edition.objects.create(
        association=association,
        slug="orimha-next",
        title="ORIMHA Competency Guidelines, next edition",
        effective_date=date(2027, 1, 1),
        status=Edition.Status.DRAFT,
    )
    Category.objects.create(
        edition=edition,
        code="IFA",
        slug="ifa",
        name="Infant Family Associate (draft)",
        level=1,
        scope="promotion",
    )
    return edition


# --- the index ------------------------------------------------------------------


def test_every_category_in_the_guidelines_is_checked(guidelines):
    in_database = set(Category.objects.values_list("edition__slug", "slug"))
    assert in_database == set(CATEGORY_PAGES)


def test_index_lists_published_editions_by_association_with_their_categories(client, guidelines):
    response = client.get(reverse("competencies:index"))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Oregon Infant Mental Health Association" in text
    assert "Michigan Association for Infant Mental Health" in text
    for category in Category.objects.select_related("edition"):
        assert f"{category.name} ({category.code})" in text
        assert category.fits in text
        assert f'href="{category_url(category.edition.slug, category.slug)}"' in response.content.decode()


def test_index_writes_levels_in_roman_numerals_with_the_scope(client, guidelines):
    text = visible_text(client.get(reverse("competencies:index")))

    assert "Level I · Promotion" in text
    assert "Level II · Prevention" in text
    assert "Level III · Intervention/treatment" in text
    assert "Level IV · Leadership" in text


def test_index_explains_which_category_fits_which_scope(client, guidelines):
    text = visible_text(client.get(reverse("competencies:index")))

    assert "Which category fits your work?" in text
    assert "Promotion Infant Family Associate (IFA)" in text
    assert "Prevention Infant Family Specialist (IFS)" in text
    assert "Intervention/treatment Infant Mental Health Specialist (IMHS)" in text
    assert "Leadership Infant Mental Health Mentor (IMHM)" in text


def test_index_hides_draft_editions_from_the_public(client, draft_edition):
    text = visible_text(client.get(reverse("competencies:index")))

    assert "next edition" not in text


def test_index_shows_draft_editions_to_staff_marked_as_drafts(staff_client, draft_edition):
    text = visible_text(staff_client.get(reverse("competencies:index")))

    assert "ORIMHA Competency Guidelines, next edition" in text
    assert "Draft — only staff can see this edition" in text


# --- a category page --------------------------------------------------------------


@pytest.mark.parametrize(("edition", "slug"), CATEGORY_PAGES)
def test_category_page_shows_every_statement_of_the_category(client, guidelines, edition, slug):
    category = get_category(edition, slug)

    response = client.get(category_url(edition, slug))

    assert response.status_code == 200
    text = visible_text(response)
    assert f"{category.name} ({category.code})" in text
    everything = list(Statement.objects.filter(domain__category=category.competency_holder))
    assert len(everything) > 50
    missing = [s.text for s in everything if plain(s.text) not in text]
    assert missing == []


@pytest.mark.parametrize(("edition", "slug"), CATEGORY_PAGES)
def test_category_page_shows_domains_in_order_with_their_area_kind_and_areas(
    client, guidelines, edition, slug
):
    category = get_category(edition, slug)
    text = visible_text(client.get(category_url(edition, slug)))

    positions = []
    for domain in category.competency_holder.domains.order_by("order"):
        heading = f"{domain.order}. {domain.title} {domain.get_area_kind_display()}"
        assert heading in text
        positions.append(text.index(heading))
        for area in domain.areas.all():
            assert area.name in text
    assert positions == sorted(positions)


def test_mentor_pages_use_the_domains_of_mentor_clinical(client, guidelines):
    clinical = get_category("orimha", "imhm-c")
    policy = get_category("orimha", "imhm-p")
    assert policy.competencies_from == clinical

    text = visible_text(client.get(category_url("orimha", "imhm-p")))

    assert "Infant Mental Health Mentor - Policy (IMHM-P)" in text
    assert "11. Research and Evaluation" in text
    assert "published with Infant Mental Health Mentor - Clinical (IMHM-C)" in text


def test_nested_items_are_listed_inside_their_statement(client, guidelines):
    content = client.get(category_url("mi-aimh-2025", "ifs")).content.decode()

    parent = content.index("Personally works within the requirements of:")
    nested = content.index("<ul>", parent)
    assert content.index("Federal and state law", parent) > nested
    assert content.index("Agency code of conduct", parent) < content.index("</ul>", nested)


def test_statements_listed_under_an_area_follow_that_area(client, guidelines):
    text = visible_text(client.get(category_url("mi-aimh-2025", "ifs")))

    area = text.index("Cultural Humility")
    statement = text.index("Applies understanding of cultural humility to communicate effectively")
    next_area = text.index("Disorders of Infancy/Early Childhood")
    assert area < statement < next_area


def test_lead_ins_and_notes_are_shown_as_such(client, guidelines):
    content = client.get(category_url("orimha", "ifa")).content.decode()

    assert re.search(r'<p class="lead-in">\s*For infants, young children, and families referred', content)
    assert re.search(r'<li class="note">\s*Please note: In some organizations', content)


def test_emphasised_titles_are_shown_in_italics(client, guidelines):
    content = client.get(category_url("orimha", "imhs")).content.decode()

    assert "<em>ensures that information is provided in the family&#x27;s language</em>" in content
    assert "*" not in visible_text(client.get(category_url("orimha", "imhs")))


def test_level_is_written_in_roman_numerals(client, guidelines):
    text = visible_text(client.get(category_url("orimha", "imhs")))

    assert "Level III · Intervention/treatment" in text


def test_category_page_links_its_pdf(client, guidelines):
    content = client.get(category_url("orimha", "imhs")).content.decode()

    assert f'href="{reverse("competencies:category_pdf", args=["orimha", "imhs"])}"' in content


# --- Mentor designations -------------------------------------------------------------


def test_mentor_page_shows_each_statements_designation_tags(client, guidelines):
    content = client.get(category_url("orimha", "imhm-p")).content.decode()

    item = re.search(
        r"Writes articles and books on infant mental health principles and practice(.*?)</li>", content, re.S
    )
    assert item is not None
    assert re.findall(r'<span class="tag"[^>]*>([^<]+)</span>', item.group(1)) == ["P", "R/F"]


def test_non_mentor_page_shows_no_tags_and_no_filter(client, guidelines):
    content = client.get(category_url("orimha", "ifs")).content.decode()

    assert 'class="tag"' not in content
    assert 'name="designation"' not in content


def test_mentor_page_shows_all_statements_by_default(client, guidelines):
    category = get_category("orimha", "imhm-rf")
    text = visible_text(client.get(category_url("orimha", "imhm-rf")))

    for statement in statements_of(category):
        assert plain(statement.text) in text
    assert f"Showing all {len(statements_of(category))} competency statements" in text


def kept_by(statement, designation):
    return not statement.tags or "A" in statement.tags or designation in statement.tags


@pytest.mark.parametrize("designation", ["A", "C", "P", "R/F"])
def test_designation_filter_keeps_statements_tagged_a_or_the_chosen_designation(
    client, guidelines, designation
):
    category = get_category("orimha", "imhm-p")
    statements = statements_of(category)
    kept = {plain(s.text) for s in statements if kept_by(s, designation)}
    dropped = {plain(s.text) for s in statements if not kept_by(s, designation)} - kept
    assert dropped, "every designation filter should leave something out"

    text = visible_text(
        client.get(category_url("orimha", "imhm-p", designation=designation.replace("/", "%2F")))
    )

    assert sorted(t for t in kept if t not in text) == []
    assert sorted(t for t in dropped if t in text) == []
    assert f"Showing {len(kept)} of {len(statements)} competency statements" in text or (
        f"Showing the {len(kept)} of {len(statements)}" in text
    )


def mentor_pages(client, *designations):
    """The clinical mentor's page filtered by each designation: designation -> visible text."""
    return {
        designation: visible_text(
            client.get(category_url("orimha", "imhm-c", designation=designation.replace("/", "%2F")))
        )
        for designation in designations
    }


def showing(pages, phrase):
    return {designation for designation, text in pages.items() if phrase in text}


def test_designation_filter_examples(client, guidelines):
    pages = mentor_pages(client, "P", "R/F")

    assert showing(pages, "Develops or impacts policy and practice") == {"P"}
    assert showing(pages, "Generates research questions that promote infant mental health") == {"R/F"}
    assert showing(pages, "Writes articles and books on infant mental health") == {"P", "R/F"}


def test_designation_filter_keeps_lead_ins_only_with_kept_statements(client, guidelines):
    pages = mentor_pages(client, "C", "P")

    assert showing(pages, "Applies to Clinical designation (C):") == {"C"}
    assert showing(pages, "Applies to Policy designation (P):") == {"P"}
    assert "Applies to all designations (A):" in pages["C"]
    assert "May practice each of the following on his/her own" in pages["C"]


def test_designation_filter_says_when_a_domain_has_nothing_for_the_designation(client, guidelines):
    text = visible_text(client.get(category_url("orimha", "imhm-c", designation="C")))

    administration = text.index("10. Administration")
    assert text.index("No competency statements of this domain apply", administration) < text.index(
        "11. Research and Evaluation"
    )


def test_designation_filter_is_a_get_form_with_the_current_choice_checked(client, guidelines):
    content = client.get(category_url("orimha", "imhm-p", designation="P")).content.decode()

    form = re.search(r"<form[^>]*>", content[content.index('class="filter"') - 20 :]).group(0)
    assert 'method="get"' in form
    assert re.search(r'value="P" checked', content)
    for value in ["", "A", "C", "R/F"]:
        assert re.search(rf'name="designation" id="designation-\d" value="{re.escape(value)}">', content)


def test_unknown_designation_shows_everything(client, guidelines):
    category = get_category("orimha", "imhm-p")
    text = visible_text(client.get(category_url("orimha", "imhm-p", designation="X")))

    assert all(plain(s.text) in text for s in statements_of(category))


def test_designation_filter_does_not_apply_to_other_categories(client, guidelines):
    category = get_category("orimha", "ifs")
    text = visible_text(client.get(category_url("orimha", "ifs", designation="P")))

    assert all(plain(s.text) in text for s in statements_of(category))


def test_mentor_page_keeps_queries_flat(client, guidelines, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(category_url("orimha", "imhm-rf", designation="R%2FF"))
    assert response.status_code == 200


# --- requirements -------------------------------------------------------------------


@pytest.mark.parametrize(("edition", "slug"), CATEGORY_PAGES)
def test_requirements_are_the_rule_engines_descriptions(client, guidelines, edition, slug):
    category = get_category(edition, slug)
    text = visible_text(client.get(category_url(edition, slug)))

    renewal_heading = text.index("Renewal requirements What you need")
    rules = list(RequirementRule.objects.filter(category=category).order_by("order"))
    assert rules
    for rule in rules:
        label = rule.params.get("label") or LABELS[rule.key]
        sentences = describe_requirement(
            rule.stage,
            rule.key,
            rule.params,
            category_code=category.code,
            cycle_years=category.edition.renewal_cycle_years,
        )
        section = text[renewal_heading:] if rule.stage == "renewal" else text[:renewal_heading]
        assert label + " " + sentences[0] in section
        for sentence in sentences:
            assert sentence in section


def test_requirements_follow_the_rule_order(client, guidelines):
    text = visible_text(client.get(category_url("orimha", "imhs")))
    requirements = text[text.index("Requirements What you need") : text.index("Renewal requirements What")]

    labels = [
        LABELS[key]
        for key in RequirementRule.objects.filter(
            category=get_category("orimha", "imhs"), stage="application"
        )
        .order_by("order")
        .values_list("key", flat=True)
    ]
    positions = [requirements.index(label) for label in labels]
    assert positions == sorted(positions)


def test_training_hours_differ_between_editions(client, guidelines):
    michigan = visible_text(client.get(category_url("mi-aimh-2025", "ifs")))
    oregon = visible_text(client.get(category_url("orimha", "ifs")))

    assert "Minimum 33 clock hours of specialized training." in michigan
    assert "Minimum 30 clock hours of specialized training." in oregon
    assert (
        "Minimum 45 clock hours of relationship-based education and training over the 3-year cycle."
        in michigan
    )
    assert "Minimum 15 clock hours of relationship-based education and training per year." in oregon


def test_requirement_text_follows_the_rule_data(client, guidelines):
    rule = RequirementRule.objects.get(
        category=get_category("orimha", "ifs"), stage="application", key="training"
    )
    rule.params = {**rule.params, "min_hours": 31, "label": "Training hours"}
    rule.save()

    text = visible_text(client.get(category_url("orimha", "ifs")))

    assert "Training hours Minimum 31 clock hours of specialized training." in text
    assert "Minimum 30 clock hours" not in text


# --- glossary --------------------------------------------------------------------------


def test_glossary_shows_the_terms_used_on_the_page(client, guidelines):
    content = client.get(category_url("orimha", "ifs")).content.decode()
    used = content[content.index('id="glossary"') : content.index('id="full-glossary"')]

    for term in [
        "Attachment",
        "Cultural Competence",
        "Reflective Supervision/Consultation (RS/C)",
        "Applicant",
    ]:
        anchor = GlossaryTerm.objects.get(edition__slug="orimha", term=term).anchor
        assert f'<dt id="{anchor}">{html.escape(term)}</dt>' in used
    assert "EASy (Endorsement® Application System)" not in used
    assert "Part C of the Individuals" not in used


def test_glossary_links_to_the_full_glossary_on_the_page(client, guidelines):
    content = client.get(category_url("orimha", "ifs")).content.decode()
    full = content[content.index('id="full-glossary"') :]

    assert 'href="#full-glossary"' in content
    for term in GlossaryTerm.objects.filter(edition__slug="orimha"):
        assert f'id="all-{term.anchor}"' in full


def test_glossary_definitions_keep_their_lists(client, guidelines):
    content = client.get(category_url("orimha", "ifs")).content.decode()

    assert "<li>Infant Family Associate (IFA)</li>" in content


def test_edition_without_a_glossary_says_so(client, guidelines):
    text = visible_text(client.get(category_url("mi-aimh-2025", "ifs")))

    assert "This edition of the guidelines has no glossary." in text


# --- not found and drafts ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/guidelines/no-such-edition/ifs/",
        "/guidelines/orimha/no-such-category/",
        "/guidelines/mi-aimh-2025/imhs/",
        "/guidelines/no-such-edition/ifs/pdf/",
    ],
)
def test_unknown_edition_or_category_is_not_found(client, guidelines, url):
    assert client.get(url).status_code == 404


def test_draft_edition_is_not_found_for_the_public(client, draft_edition):
    assert client.get(category_url("orimha-next", "ifa")).status_code == 404
    assert client.get(reverse("competencies:category_pdf", args=["orimha-next", "ifa"])).status_code == 404


def test_draft_edition_is_visible_to_staff_with_a_notice(staff_client, draft_edition):
    response = staff_client.get(category_url("orimha-next", "ifa"))

    assert response.status_code == 200
    assert "This edition is a draft: only staff can see it." in visible_text(response)


def test_draft_edition_is_not_found_for_signed_in_non_staff(client, draft_edition):
    user = get_user_model().objects.create_user("applicant", "applicant@example.org", "pw")
    client.force_login(user)

    assert client.get(category_url("orimha-next", "ifa")).status_code == 404


def test_retired_edition_is_hidden_from_the_public(client, guidelines):
    Edition.objects.filter(slug="mi-aimh-2025").update(status=Edition.Status.RETIRED)

    assert client.get(category_url("mi-aimh-2025", "ifs")).status_code == 404
    assert "MI-AIMH" not in visible_text(client.get(reverse("competencies:index")))


# --- PDF ----------------------------------------------------------------------------------


def pdf_bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def get_pdf(client, url, capture_on_commit):
    """The PDF, after the render its first request queues (a worker's part, run on commit)."""
    with capture_on_commit(execute=True):
        first = client.get(url)
    return client.get(url) if first.status_code == 503 else first


def pdf_text(response):
    """The PDF's words in order; a line broken after a hyphen ("IMHM-" / "P") joined again,
    since where lines break depends on the fonts of the machine."""
    reader = PdfReader(io.BytesIO(pdf_bytes(response)))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return re.sub(r"(?<=\w)- (?=\w)", "-", words)


@pytest.mark.slow
def test_category_pdf_is_a_pdf_with_the_category_and_its_statements(
    client, guidelines, django_capture_on_commit_callbacks
):
    url = reverse("competencies:category_pdf", args=["orimha", "imhm-p"])
    response = get_pdf(client, url, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="orimha-imhm-p-competency-guidelines.pdf"'
    text = pdf_text(response)
    assert "Infant Mental Health Mentor - Policy (IMHM-P)" in text
    assert "Remains open and curious" in text
    assert "Minimum 30 clock hours of specialized training." in text
    assert "Download this page as a PDF" not in text
    assert "Skip to main content" not in text


@pytest.mark.slow
def test_category_pdf_follows_the_designation_filter(client, guidelines, django_capture_on_commit_callbacks):
    url = reverse("competencies:category_pdf", args=["orimha", "imhm-c"]) + "?designation=C"
    response = get_pdf(client, url, django_capture_on_commit_callbacks)

    assert (
        response["Content-Disposition"] == 'inline; filename="orimha-imhm-c-c-only-competency-guidelines.pdf"'
    )
    text = pdf_text(response)
    assert "Generates research questions" not in text
    assert "Remains open and curious" in text
