"""Refusing an oversized request body before reading it (HTTP 413, in the site's layout)."""

from http import HTTPStatus

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def describe_size(size, limit=None):
    """A size in MB precise enough to differ from the limit it exceeds, with the exact bytes.

    10 MB + 1 byte is "10.000001 MB (10,485,761 bytes)", never "10.0 MB".
    """
    megabytes = size / (1024 * 1024)
    shown = f"{megabytes:.1f}"
    if limit is not None:
        limit_megabytes = limit / (1024 * 1024)
        for places in range(1, 8):
            shown = f"{megabytes:.{places}f}"
            if float(shown) != limit_megabytes:
                break
    return _("%(megabytes)s MB (%(bytes)s bytes)") % {"megabytes": shown, "bytes": f"{size:,}"}


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return render(
                request,
                "413.html",
                {
                    "size": describe_size(length, settings.REQUEST_MAX_BYTES),
                    "limit": describe_size(settings.UPLOAD_MAX_BYTES),
                },
                status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            )
        return self.get_response(request)
