"""The public verification page and the directory: what they show, and to whom nothing more."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from renewals.models import Endorsement
from renewals.views.public import DIRECTORY_PAGE_SIZE

from .endorsee_factories import endorse, listed_copies

pytestmark = pytest.mark.django_db
D = datetime.date
Status = Endorsement.Status


def verify(client, endorsement):
    return client.get(reverse("verify:detail", args=[endorsement.verification_code]))


def test_verification_shows_the_certificate_facts_and_nothing_more(client, guidelines):
    endorsement = endorse(code="IMHS", name="Jordan Lee", granted_on=D(2026, 5, 4), region="Oregon")
    response = verify(client, endorsement)
    text = response.content.decode()

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "Valid." in text
    for fact in (
        "Jordan Lee",
        "Infant Mental Health Specialist (IMHS)",
        endorsement.number,
        "Current: valid until December 31, 2026.",
        "May 4, 2026",
        "Oregon Infant Mental Health Association",
    ):
        assert fact in text
    assert endorsement.holder.email not in text
    assert f"/applications/{endorsement.application_id}/" not in text


def test_a_lapsed_endorsement_says_when_it_lapsed(client, guidelines):
    endorsement = endorse()
    Endorsement.objects.filter(pk=endorsement.pk).update(
        status=Status.LAPSED, status_changed_at=timezone.make_aware(datetime.datetime(2026, 2, 1, 12))
    )
    text = verify(client, endorsement).content.decode()
    assert "Not valid." in text
    assert "Lapsed: this endorsement lapsed on February 1, 2026 because it was not renewed" in text
    assert "it is not currently valid." in text


def test_a_revoked_endorsement_is_not_valid(client, guidelines):
    endorsement = endorse(status=Status.REVOKED)
    text = verify(client, endorsement).content.decode()
    assert "This endorsement was revoked on" in text and "it is not currently valid" in text


def test_renewal_due_is_still_valid_until_the_grace_period_ends(client, guidelines):
    endorsement = endorse(status=Status.RENEWAL_DUE)
    Endorsement.objects.filter(pk=endorsement.pk).update(
        renewal_due=datetime.date.today() - datetime.timedelta(days=2)
    )
    endorsement.refresh_from_db()
    grace_end = endorsement.renewal_due + datetime.timedelta(days=endorsement.edition.renewal_grace_days)
    text = verify(client, endorsement).content.decode()
    assert "Valid." in text and f"{grace_end:%B %-d, %Y}" in text


@pytest.mark.parametrize("code", ["no-such-code", "x" * 40, "%00", "abc def"])
def test_unknown_and_malformed_codes_get_the_normal_404(client, guidelines, code):
    endorse()
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


# --- by the endorsement number ----------------------------------------------------------------


def lookup(client, number):
    return client.get(reverse("credentials:verify"), {"number": number})


def test_the_lookup_page_asks_for_the_number(client, guidelines):
    response = client.get(reverse("credentials:verify"))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert 'name="number"' in response.content.decode()


@pytest.mark.parametrize(
    "typed", ["{number}", "{lower}", " {prefix}-{bare} ", "{prefix}{bare}", "{prefix} {bare}"]
)
def test_a_number_as_people_type_it_opens_the_same_verification(client, guidelines, typed):
    endorsement = endorse(code="IMHS", name="Jordan Lee", granted_on=D(2026, 5, 4))
    prefix, sequence = endorsement.number.split("-")
    typed = typed.format(
        number=endorsement.number, lower=endorsement.number.lower(), prefix=prefix.lower(), bare=int(sequence)
    )

    response = lookup(client, typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:detail", args=[endorsement.number])
    by_number = client.get(response["Location"])
    by_code = verify(client, endorsement)
    assert by_number.status_code == 200
    assert by_number["X-Robots-Tag"] == "noindex"
    # The same page but for the code in it, and the language switcher (its own token, its `next`).
    strip = lambda response: re.sub(  # noqa: E731
        r'<form class="language-switcher".*?</form>', "", response.content.decode(), flags=re.S
    ).replace(endorsement.verification_code, "")
    assert strip(by_number) == strip(by_code)
    assert endorsement.verification_code not in by_number.content.decode()
    assert "Jordan Lee" in by_number.content.decode() and "Valid." in by_number.content.decode()


def test_a_number_in_the_verify_address_is_found_and_spelled_one_way(client, guidelines):
    endorsement = endorse()
    prefix, sequence = endorsement.number.split("-")

    response = client.get(f"/verify/{prefix.lower()}-{int(sequence)}/")
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{endorsement.number}/"
    assert client.get(f"/verify/{endorsement.number}/").status_code == 200


def test_the_long_code_still_works_in_the_lookup(client, guidelines):
    endorsement = endorse()
    response = lookup(client, endorsement.verification_code)
    assert response["Location"] == reverse("verify:detail", args=[endorsement.verification_code])


@pytest.mark.parametrize("typed", ["ORIMHA-99999", "NOPE-00001", "00001", "ORIMHA-", "ORIMHA-1-2", "x" * 61])
def test_an_unknown_number_is_explained_at_the_field(client, guidelines, typed):
    endorse()
    response = lookup(client, typed)
    assert response.status_code == 404
    text = response.content.decode()
    assert "field-invalid" in text
    assert client.get(f"/verify/{typed}/").status_code == 404


def test_each_association_numbers_its_own_endorsements(client, guidelines):
    oregon = endorse(name="Olive Oregon")
    michigan = endorse(name="Milo Michigan", edition="mi-aimh-2025", code="IFS")
    assert michigan.number.startswith("MI-AIMH-")
    sequence = int(michigan.number.rsplit("-", 1)[1])

    for typed in (michigan.number, f"mi-aimh-{sequence}", f"MIAIMH {sequence}"):
        response = lookup(client, typed)
        assert response["Location"] == reverse("verify:detail", args=[michigan.number]), typed
    assert "Milo Michigan" in client.get(f"/verify/{michigan.number}/").content.decode()
    # Oregon's prefix with Michigan's sequence is Oregon's endorsement, never Michigan's.
    found = lookup(client, f"ORIMHA-{sequence}")
    if oregon.number.endswith(f"-{sequence:05d}"):
        assert found["Location"] == reverse("verify:detail", args=[oregon.number])
    else:
        assert found.status_code == 404


# --- directory ---------------------------------------------------------------------------------


@pytest.fixture
def listed(guidelines):
    return {
        "ada": endorse(name="Ada Brown", code="IFS", region="Oregon", listed=True),
        "zed": endorse(name="Zed Adams", code="IMHS", region="Washington", listed=True),
        "mia": endorse(
            name="Mia Brownley", code="IFS", edition="mi-aimh-2025", region="Michigan", listed=True
        ),
        "hidden": endorse(name="Hidden Person", code="IFS", region="Oregon", listed=False),
        "lapsed": endorse(
            name="Lapsed Brown", code="IFS", region="Oregon", listed=True, status=Status.LAPSED
        ),
        "due": endorse(
            name="Due Carter", code="IFA", region="Oregon", listed=True, status=Status.RENEWAL_DUE
        ),
    }


def names(response):
    return [e.holder_name for e in response.context["page"].object_list]


def test_the_directory_lists_current_opted_in_endorsements_by_name(client, listed):
    response = client.get(reverse("directory:index"))
    assert response.status_code == 200
    assert names(response) == ["Ada Brown", "Due Carter", "Mia Brownley", "Zed Adams"]
    text = response.content.decode()
    assert "Hidden Person" not in text and "Lapsed Brown" not in text
    assert listed["ada"].holder.email not in text


def test_the_directory_searches_by_name_category_region_and_association(client, listed):
    url = reverse("directory:index")
    assert names(client.get(url, {"q": "brown"})) == ["Ada Brown", "Mia Brownley"]
    assert names(client.get(url, {"q": "ada brown"})) == ["Ada Brown"]
    assert names(client.get(url, {"category": "IFS"})) == ["Ada Brown", "Mia Brownley"]
    assert names(client.get(url, {"region": "Oregon"})) == ["Ada Brown", "Due Carter"]
    assert names(client.get(url, {"association": "mi-aimh"})) == ["Mia Brownley"]
    assert names(client.get(url, {"category": "IFS", "association": "orimha"})) == ["Ada Brown"]


def test_a_search_with_no_match_says_so(client, listed):
    text = client.get(reverse("directory:index"), {"q": "nobody"}).content.decode()
    assert "No listed professional matches this search" in text


def test_an_empty_directory_says_so(client, guidelines):
    text = client.get(reverse("directory:index")).content.decode()
    assert "No endorsed professional is listed yet" in text


def test_a_stale_filter_value_is_explained_at_its_field(client, listed):
    response = client.get(reverse("directory:index"), {"category": "ERS", "q": "brown"})
    assert "Select a valid choice" in str(response.context["form"].errors["category"])
    assert names(response) == ["Ada Brown", "Mia Brownley"]  # the valid name search still applies


def test_a_lapse_removes_the_listing_without_any_other_step(client, listed):
    from renewals.services import endorsements as services

    services.change_status(listed["zed"], Status.LAPSED)
    assert "Zed Adams" not in names(client.get(reverse("directory:index")))


def test_the_directory_pages_with_a_fixed_number_of_queries(
    client, guidelines, django_assert_max_num_queries
):
    for index in range(3):
        endorse(name=f"Person {index:03d}", listed=True, region="Oregon")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("directory:index"))
    listed_copies(Endorsement.objects.first(), DIRECTORY_PAGE_SIZE + 5, "Bulk {:03d}", region="Oregon")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("directory:index"), {"page": 2})
    assert len(response.context["page"].object_list) == 8
    assert "Page 2 of 2" in response.content.decode()


def test_the_directory_search_ignores_case_and_accents(client, guidelines):
    endorse(name="María Elena López", listed=True, region="Oregon")
    endorse(name="Tom Brown", listed=True, region="Oregon")
    url = reverse("directory:index")
    for query in ("lopez", "Maria", "LÓPEZ", "maria lopez"):
        assert names(client.get(url, {"q": query})) == ["María Elena López"], query


def test_a_renamed_holder_is_found_by_the_new_name_only(client, guidelines):
    """On PostgreSQL the search reads a folded copy of the name that a trigger keeps: a save, a
    bulk update and a rename in the admin's queryset all rewrite it."""
    saved = endorse(name="Ana Ortiz", listed=True, region="Oregon")
    updated = endorse(name="Ben Okafor", listed=True, region="Oregon")
    url = reverse("directory:index")
    saved.holder_name = "Ana Núñez"
    saved.save()
    Endorsement.objects.filter(pk=updated.pk).update(holder_name="Ben Çelik")
    assert names(client.get(url, {"q": "nunez"})) == ["Ana Núñez"]
    assert names(client.get(url, {"q": "celik"})) == ["Ben Çelik"]
    assert names(client.get(url, {"q": "ortiz"})) == [] and names(client.get(url, {"q": "okafor"})) == []


def test_directory_rows_escape_what_holders_typed_and_show_a_dash_for_no_region(client, guidelines):
    endorsement = endorse(name="Ada <b>Bold</b> & Co", listed=True, region="")
    text = client.get(reverse("directory:index"), {"q": "ada"}).content.decode()
    assert "Ada &lt;b&gt;Bold&lt;/b&gt; &amp; Co" in text and "<b>Bold</b>" not in text
    assert f'<a href="/verify/{endorsement.verification_code}/">{endorsement.number}' in text
    assert "<td>—</td>" in text


def test_looking_up_numbers_is_limited_per_client_but_the_certificates_code_is_not(
    client, guidelines, settings
):
    settings.VERIFY_BY_NUMBER_PER_MINUTE = 3
    endorsement = endorse()
    for _attempt in range(3):
        assert client.get(f"/verify/{endorsement.number}/").status_code == 200
    counting_up = client.get(f"/verify/{endorsement.number}/")
    assert counting_up.status_code == 429
    assert counting_up["Retry-After"] == "60"
    assert "Too many attempts" in counting_up.content.decode()
    assert lookup(client, endorsement.number).status_code == 429
    assert verify(client, endorsement).status_code == 200  # the QR code's address still opens
    assert client.get(f"/verify/{endorsement.number}/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_search_pages_its_matches_and_counts_them_in_the_same_query(client, guidelines):
    first = endorse(name="Garcia 000", listed=True, region="Oregon")
    listed_copies(first, DIRECTORY_PAGE_SIZE + 4, "Garcia {:03d}")
    endorse(name="Someone Else", listed=True)
    url = reverse("directory:index")
    first_page = client.get(url, {"q": "garcia"})
    assert len(first_page.context["page"].object_list) == DIRECTORY_PAGE_SIZE
    assert "55 endorsed professionals" in first_page.content.decode()
    assert "Page 1 of 2" in first_page.content.decode()
    assert names(client.get(url, {"q": "garcia", "page": "2"})) == [f"Garcia {n:03d}" for n in range(50, 55)]
    assert names(client.get(url, {"q": "garcia", "page": "9"})) == [f"Garcia {n:03d}" for n in range(50, 55)]
    assert names(client.get(url, {"q": "garcia", "page": "abc"}))[0] == "Garcia 000"
    nobody = client.get(url, {"q": "nobody", "page": "3"})
    assert names(nobody) == [] and "No listed professional matches this search" in nobody.content.decode()


def test_the_verification_reads_the_endorsement_and_its_standing_in_one_query(
    client, guidelines, django_assert_num_queries
):
    endorsement = endorse(name="Ada Brown", code="IFS")
    verify(client, endorsement)  # the grace periods are read once, then kept with the guidelines
    with django_assert_num_queries(1):
        response = verify(client, endorsement)
    assert "Ada Brown" in response.content.decode()
