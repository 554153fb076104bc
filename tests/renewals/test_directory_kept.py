"""What is kept until an endorsement changes (renewals.models.LISTINGS): the directory browsed by
its choices and a verification (also until the guidelines or the day change), and whether a
person holds any endorsement. What a visitor adds to the address never reaches the page kept for everyone.

Transactional: what a test's own open transaction has written is never kept (it may yet roll
back), so these tests write in committed steps, as the site does."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competencies.models import Category
from renewals.models import Endorsement
from renewals.views.public import DIRECTORY_PAGE_SIZE
from tests.applications.factories import make_user

from .endorsee_factories import endorse, listed_copies

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("directory:index")


def endorsement_queries(client, params=None):
    with CaptureQueriesContext(connection) as captured:
        text = client.get(URL, params or {}).content.decode()
    return text, [query for query in captured.captured_queries if "renewals_endorsement" in query["sql"]]


def page_links(text):
    return re.findall(r'<a (?:rel="\w+" )?href="(\?[^"]*page=[^"]*)"', text)


def test_a_browsed_page_is_kept_until_an_endorsement_changes(client, guidelines):
    ada = endorse(name="Ada Brown", code="IFS", region="Oregon", listed=True)
    assert "Ada Brown" in client.get(URL).content.decode()
    text, queries = endorsement_queries(client)
    assert "Ada Brown" in text and "1 endorsed professional" in text
    assert queries == []  # read from what was kept

    endorse(name="Bea Carter", code="IFA", region="Ohio", listed=True)
    text, _ = endorsement_queries(client)
    assert "Bea Carter" in text and "2 endorsed professionals" in text
    assert ">Ohio<" in text  # the new region is a choice of the search at once

    # A bulk write sends no signal; the queryset ends what is kept all the same.
    Endorsement.objects.filter(pk=ada.pk).update(listed_in_directory=False)
    text, _ = endorsement_queries(client)
    assert "Ada Brown" not in text and "1 endorsed professional" in text

    # The category's name comes from the guidelines: an edit there shows at once too.
    Category.objects.filter(code="IFA").update(name="Infant Family Associate (renamed)")
    assert "Infant Family Associate (renamed)" in client.get(URL).content.decode()

    # A search by name is always worked out afresh.
    text, queries = endorsement_queries(client, {"q": "carter"})
    assert "Bea Carter" in text and queries


def test_the_visitors_own_query_string_and_page_numbers_add_nothing_kept(client, guidelines):
    first = endorse(name="Person 000", code="IFS", region="Oregon", listed=True)
    listed_copies(first, DIRECTORY_PAGE_SIZE + 4, "Person {:03d}", region="Oregon")
    text = client.get(URL, {"category": "IFS", "page": "2", "ref": "<newsletter>"}).content.decode()
    assert "Page 2 of 2" in text
    assert page_links(text) == ["?category=IFS&amp;page=1", "?category=IFS&amp;page=1"]
    kept = len(cache._cache)
    for page in ("2", "3", "999", "abc", "-1"):
        client.get(URL, {"category": "IFS", "page": page, "ref": page})
    assert len(cache._cache) == kept + 1  # page 1 ("abc", "-1"), nothing for the rest
    assert page_links(client.get(URL, {"category": "IFS", "page": "2"}).content.decode()) == [
        "?category=IFS&amp;page=1",
        "?category=IFS&amp;page=1",
    ]


def test_the_applicants_home_shows_an_endorsement_granted_since_the_last_visit(client, guidelines):
    person = make_user(legal_name="Cleo Diaz")
    client.force_login(person)
    panel = 'id="endorsements-panel-title"'
    assert panel not in client.get(reverse("applications:home")).content.decode()
    endorse(person, code="IFS", name="Cleo Diaz")
    assert panel in client.get(reverse("applications:home")).content.decode()


def test_a_verification_is_kept_until_the_endorsement_changes(client, guidelines):
    from renewals.services import endorsements as services

    ada = endorse(name="Ada Brown", code="IFS")
    url = reverse("verify:detail", args=[ada.verification_code])
    assert "Ada Brown" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as captured:
        assert "Ada Brown" in client.get(url).content.decode()
    assert [q for q in captured.captured_queries if "renewals_endorsement" in q["sql"]] == []

    services.change_status(Endorsement.objects.get(pk=ada.pk), Endorsement.Status.REVOKED, note="Test")
    assert "Revoked" in client.get(url).content.decode()
    # A code that names nothing is asked each time and kept nowhere.
    assert client.get(reverse("verify:detail", args=["nosuchcode123"])).status_code == 404
    assert not [key for key in cache._cache if "nosuchcode123" in key]
