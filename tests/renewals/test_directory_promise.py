"""What the directory is promised to show is what it shows, wherever the promise is written."""

import datetime

import pytest
from django.urls import reverse

from applications.people import DIRECTORY_SHOWS
from renewals.models import Endorsement

from .test_renewal_period import TODAY, make_endorsement

pytestmark = pytest.mark.django_db

# The directory's columns, and the words of the promise that name each.
COLUMNS = {
    "Name": "name",
    "Endorsement": "endorsement category",
    "Number": "number",
    "State or region": "state or region",
    "Association": "endorsing association",
    "Valid until": "the date until which the endorsement is valid",
}


def test_the_promise_names_every_column_of_the_directory_and_nothing_less(client, guidelines):
    endorsement = make_endorsement(due=TODAY + datetime.timedelta(days=60))
    Endorsement.objects.filter(pk=endorsement.pk).update(listed_in_directory=True, region="OR")
    directory = client.get(reverse("directory:index")).content.decode()
    for header, words in COLUMNS.items():
        assert f'<th scope="col">{header}</th>' in directory
        assert words in DIRECTORY_SHOWS
    assert f"For each person the directory shows {DIRECTORY_SHOWS}; nothing else." in directory
    assert "nothing else" not in DIRECTORY_SHOWS

    client.force_login(endorsement.holder)
    detail = client.get(reverse("renewals:detail", args=[endorsement.pk])).content.decode()
    assert f"The directory shows your {DIRECTORY_SHOWS}" in detail
    profile = client.get(reverse("applications:profile")).content.decode()
    assert f"the public directory lists your {DIRECTORY_SHOWS}" in profile
    assert "state or region — nothing else" not in profile
