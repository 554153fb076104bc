"""Log lines an operator can search: time, level, request id and user id on every line.

`RequestContextMiddleware` gives each request an id (the proxy's X-Request-ID when it sends a
sane one, else a new one), returns it in the X-Request-ID response header, and keeps the request
in a context variable; `RequestContextFilter` adds `request_id` and `user_id` to every record
logged while it is handled ("-" outside a request, e.g. in a Celery task). `JSONFormatter` writes
one JSON object a line (production); `TextFormatter` the same fields readably (local runs).
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

from .logging_filters import redact

_request = contextvars.ContextVar("endorsement_request", default=None)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def current_user_id(request):
    # Only a user the request already loaded: a log line must never cost a query.
    user = request.__dict__.get("_cached_user")
    return user.pk if user is not None and user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        request = _request.get()
        record.request_id = getattr(request, "request_id", None) or "-"
        user_id = current_user_id(request) if request is not None else None
        record.user_id = user_id if user_id is not None else "-"
        return True


def _timestamp(record):
    return datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds")


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user_id": getattr(record, "user_id", "-"),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record):
        line = (
            f"{_timestamp(record)} {record.levelname:<7} [{getattr(record, 'request_id', '-')} "
            f"user={getattr(record, 'user_id', '-')}] {record.name}: {record.getMessage()}"
        )
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line
