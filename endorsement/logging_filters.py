"""Logging filters: rating links carry a secret token in their path, which no log line may show."""

import logging
import re

# /ratings/<token>/ — any path segment after /ratings/ except the token-free rater pages.
RATING_PATH = re.compile(r"/ratings/(?!(?:form|decline|thanks)(?:[/\s?#\"']|$))[^/\s?#\"']+")
REDACTED = "/ratings/[redacted]"


def redact(text):
    return RATING_PATH.sub(REDACTED, text)


class RedactRatingTokens(logging.Filter):
    """Rewrites a record whose message mentions a /ratings/<token> path; never drops a record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 -- a malformed record is logging's problem, not ours
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path") and RATING_PATH.search(request.path or ""):
            # Handlers that print the request (the admin emails) must not show the token either.
            record.request = None
        return True
