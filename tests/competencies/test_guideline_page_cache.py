"""A category page is rendered once per content and language, and an edit shows at once."""

from django.urls import reverse
from django.utils import translation

from competencies import content, guideline_pdfs
from competencies.models import Association, Category, Edition, RequirementRule, Statement
from competencies.services import clone_edition


def category_url(edition, slug, **params):
    url = reverse("competencies:category", args=[edition, slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def page_body(response):
    """The page's main content: the frame around it carries a per-request CSRF token and nonce."""
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def ifs():
    return Category.objects.get(edition__slug="orimha", slug="ifs")


def test_a_second_visit_reads_no_guideline_rows(client, guidelines, django_assert_max_num_queries):
    first = client.get(category_url("orimha", "ifs"))
    # The published categories are kept with the guidelines too: no query at all.
    with django_assert_max_num_queries(0):
        again = client.get(category_url("orimha", "ifs"))
    assert page_body(again) == page_body(first)


def test_an_edition_withdrawn_from_publication_is_gone_at_once(client, guidelines):
    from competencies.models import Edition

    assert client.get(category_url("orimha", "ifs")).status_code == 200
    Edition.objects.filter(slug="orimha").update(status=Edition.Status.DRAFT)
    assert client.get(category_url("orimha", "ifs")).status_code == 404


def test_an_edited_statement_shows_on_the_next_visit(client, guidelines):
    client.get(category_url("orimha", "ifs"))
    statement = Statement.objects.filter(domain__category=ifs()).order_by("pk").first()
    statement.text = "Reads the room before speaking, always."
    statement.save()

    assert (
        "Reads the room before speaking, always."
        in client.get(category_url("orimha", "ifs")).content.decode()
    )


def test_a_deleted_rule_leaves_the_page_at_once(client, guidelines):
    rule = RequirementRule.objects.filter(category=ifs(), params__label__isnull=False).order_by("pk").first()
    rule = rule or RequirementRule.objects.filter(category=ifs()).order_by("pk").first()
    before = page_body(client.get(category_url("orimha", "ifs")))
    rule.delete()

    assert page_body(client.get(category_url("orimha", "ifs"))) != before


def test_an_association_policy_change_shows_at_once(client, guidelines):
    before = client.get(category_url("orimha", "ifs")).content.decode()
    association = Association.objects.get(pk=ifs().edition.association_id)
    association.name = "Renamed Association for Infant Mental Health"
    association.save()

    after = client.get(category_url("orimha", "ifs")).content.decode()
    assert "Renamed Association for Infant Mental Health" in after
    assert "Renamed Association for Infant Mental Health" not in before


def test_each_language_and_designation_has_its_own_page(client, guidelines):
    english = client.get(category_url("orimha", "ifs"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(category_url("orimha", "ifs"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    clinical = client.get(category_url("orimha", "imhm-c", designation="C")).content.decode()
    shared = client.get(category_url("orimha", "imhm-c", designation="A")).content.decode()

    assert "Renewal requirements" in english and "Renewal requirements" not in spanish
    assert clinical != shared


def test_a_cloned_edition_shows_its_statements(client, guidelines, admin_user):
    client.get(category_url("orimha", "ifs"))
    copy = clone_edition(Edition.objects.get(slug="orimha"), slug="orimha-next", title="Next edition")
    client.force_login(admin_user)

    page = client.get(category_url(copy.slug, "ifs")).content.decode()
    statement = Statement.objects.filter(domain__category__edition=copy, domain__category__slug="ifs").first()
    assert statement.text.split("*")[0].strip()[:40] in page


def test_the_pdfs_print_html_follows_an_edit(guidelines):
    category = ifs()
    with translation.override("en"):
        before = guideline_pdfs.fingerprint(guideline_pdfs.print_html(category))
        category.fits = "A page for the people who visit families at home."
        category.save()
        after = guideline_pdfs.print_html(category)
    assert "visit families at home" in after
    assert guideline_pdfs.fingerprint(after) != before


def test_the_pages_are_renewed_again_once_an_edit_commits(guidelines, django_capture_on_commit_callbacks):
    # Another process may render the page from the data as it was before the commit, between
    # the save and the commit: what it caches then must not outlive the commit.
    category = ifs()
    with django_capture_on_commit_callbacks(execute=True):
        category.fits = "Written inside a transaction."
        category.save()
        during = content.generation()
    assert content.generation() != during


def test_a_transaction_of_many_edits_renews_the_pages_once_at_commit(
    guidelines, django_capture_on_commit_callbacks
):
    statements = list(Statement.objects.filter(domain__category=ifs()).order_by("pk")[:20])
    with django_capture_on_commit_callbacks() as waiting:
        for statement in statements:
            statement.text += " (edited)"
            statement.save()
    assert len(waiting) == 1


def test_an_edit_after_a_rolled_back_one_still_renews_the_pages(client, guidelines):
    from django.db import transaction

    client.get(category_url("orimha", "ifs"))
    category = ifs()
    try:
        with transaction.atomic():
            category.fits = "Rolled back."
            category.save()
            raise RuntimeError
    except RuntimeError:
        pass
    category.fits = "Kept after the rollback."
    category.save()
    assert "Kept after the rollback." in client.get(category_url("orimha", "ifs")).content.decode()


def test_the_index_is_read_once_and_shows_a_renamed_edition_at_once(
    client, guidelines, django_assert_max_num_queries
):
    from competencies.models import Edition

    client.get("/guidelines/")
    with django_assert_max_num_queries(0):
        client.get("/guidelines/")
    Edition.objects.filter(slug="orimha").update(title="Oregon guidelines, renamed")
    assert "Oregon guidelines, renamed" in client.get("/guidelines/").content.decode()
