"""Sign-in limits answered as HTTP 429 Too Many Requests.

allauth answers most of its limits (sign-up, password reset) with a 429 page of its own
(`templates/429.html`), but a sign-in over the failed-attempts limit comes back as the sign-in
form with an error and status 200. `AccountAdapter.pre_authenticate` marks such a request, and
`TooManyRequestsMiddleware` gives its response the status 429: the form and its clear message
stay, and clients and proxies see the limit for what it is.

Behind a proxy the limits key on the client's address that the proxy adds to X-Forwarded-For
(`TRUSTED_PROXY_COUNT`), not on the proxy's own address.
"""

from http import HTTPStatus

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
