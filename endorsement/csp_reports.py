"""Where browsers send Content-Security-Policy violation reports: each one is logged.

A violation on our own pages means either a page that needs mending or someone trying to run
script in them, so the log line carries what was blocked and where. Reports are small; a body
past `MAX_REPORT_BYTES` is refused unread, and nothing in a report is stored.
"""

import json
import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("endorsement.csp")

MAX_REPORT_BYTES = 16 * 1024
REPORTED_FIELDS = ("document-uri", "violated-directive", "effective-directive", "blocked-uri", "source-file")


@csrf_exempt  # browsers send reports without our CSRF token
@require_POST
def csp_report(request):
    length = int(request.headers.get("Content-Length") or 0)
    if length > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body or b"{}").get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    fields = {name: str(report.get(name, ""))[:500] for name in REPORTED_FIELDS}
    logger.warning(
        "Content-Security-Policy violation: %s blocked %s on %s",
        fields["violated-directive"] or fields["effective-directive"],
        fields["blocked-uri"],
        fields["document-uri"],
        extra={"csp_report": fields},
    )
    return HttpResponse(status=204)
