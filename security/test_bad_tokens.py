"""1,000 bad rating tokens: random, truncated, one character off, expired, reused, hostile text;
each answered 404 or 410, none opens a rater session."""

import random
import string
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ReferenceRequest
from applications.services import references
from tests.applications.rater_factories import invite, make_application, submit

pytestmark = pytest.mark.django_db
COUNT = 1000


def _bad_tokens(rng, live, answered, expired):
    alphabet = string.ascii_letters + string.digits + "-_"
    kinds = [
        ("random", lambda: "".join(rng.choice(alphabet) for _ in range(43))),
        ("truncated", lambda: live[: rng.randrange(1, len(live))]),
        ("one character off", lambda: _flip(rng, live, alphabet)),
        ("extended", lambda: live + rng.choice(alphabet)),
        ("answered", lambda: answered),
        ("expired", lambda: expired),
        ("too long", lambda: "A" * rng.randrange(201, 2000)),
        (
            "hostile text",
            lambda: rng.choice(["' OR 1=1 --", "<script>alert(1)</script>", "%00", "..%2F..", "😀" * 10]),
        ),
        ("case changed", lambda: live.swapcase()),
    ]
    for n in range(COUNT):
        kind, make = kinds[n % len(kinds)]
        yield kind, make()


def _flip(rng, token, alphabet):
    index = rng.randrange(len(token))
    other = rng.choice([c for c in alphabet if c != token[index]])
    return token[:index] + other + token[index + 1 :]


def test_a_thousand_bad_tokens_never_open_a_rating(guidelines, figures):
    rng = random.Random(11)
    application = make_application()
    live = invite(application).token
    done = invite(application)
    submit(done)
    old = invite(application)
    ReferenceRequest.objects.filter(pk=old.pk).update(token_expires_at=timezone.now())
    references.expire_overdue(timezone.now())
    statuses, problems = {}, []
    for kind, token in _bad_tokens(rng, live, done.token, old.token):
        client = Client()
        response = client.get(f"/ratings/{quote(token, safe='')}/")
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code not in (404, 410) or "rater_reference_id" in client.session:
            problems.append(f"{kind} {token[:20]!r}: {response.status_code}")
    figures["bad tokens tried"] = sum(statuses.values())
    for status, count in sorted(statuses.items(), key=str):
        figures[f"  bad tokens answered {status}"] = count
    assert Client().get(reverse("ratings:start", args=[live])).status_code == 302  # the live one works
    assert sum(statuses.values()) == COUNT
    assert problems == []
