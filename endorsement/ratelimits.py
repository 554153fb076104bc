"""Sign-in limits answered as HTTP 429 Too Many Requests.

allauth answers most of its limits (sign-up, password reset) with a 429 page of its own
(`templates/429.html`), but a sign-in over the failed-attempts limit comes back as the sign-in
form with an error and status 200. `AccountAdapter.pre_authenticate` marks such a request, and
`TooManyRequestsMiddleware` gives its response the status 429: the form and its clear message
stay, and clients and proxies see the limit for what it is.

Behind a proxy the limits key on the client's address that the proxy adds to X-Forwarded-For
(`TRUSTED_PROXY_COUNT`), not on the proxy's own address.

`within_limit` is the same kind of limit for our own pages: looking an endorsement up by its
number, which anyone could otherwise walk from 00001 upwards to list every endorsed person.
"""

import time
from http import HTTPStatus

from django.core.cache import cache
from django.shortcuts import render

_LIMITED = "_endorsement_rate_limited"


def mark_limited(request):
    if request is not None:
        setattr(request, _LIMITED, True)


class TooManyRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _LIMITED, False) and response.status_code == HTTPStatus.OK:
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
            response.reason_phrase = HTTPStatus.TOO_MANY_REQUESTS.phrase
        return response


def within_limit(request, action, *, limit, period):
    """Count this request against `limit` per `period` seconds from the client's address; False
    once over. A fixed window in the cache: coarse, and enough to stop a loop. With the cache
    down, every request is allowed (ResilientRedisCache answers the increment)."""
    from allauth.account.adapter import get_adapter

    window = int(time.time() // period)
    key = f"rate-limit:{action}:{get_adapter(request).get_client_ip(request)}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= limit


def number_lookup_allowed(request):
    """Whether this client may look up one more endorsement by its number this minute."""
    from django.conf import settings

    return within_limit(request, "verify-by-number", limit=settings.VERIFY_BY_NUMBER_PER_MINUTE, period=60)


def too_many_requests(request, retry_after):
    """The 429 page, with how many seconds to wait."""
    response = render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = str(retry_after)
    return response
