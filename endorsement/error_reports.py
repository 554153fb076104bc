"""Optional error reports to Sentry (or a compatible service), configured from SENTRY_DSN.

Reports carry no personal data (`send_default_pii=False`) and no rating-link token: every event
and breadcrumb passes through the same redaction as the log lines before it leaves the machine.
"""

import json

from .logging_filters import redact


def _scrub(payload):
    return json.loads(redact(json.dumps(payload, default=str)))


def scrub_event(event, hint=None):
    return _scrub(event)


def scrub_breadcrumb(crumb, hint=None):
    return _scrub(crumb)


def init_sentry(dsn, *, environment):
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        traces_sample_rate=0,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )
