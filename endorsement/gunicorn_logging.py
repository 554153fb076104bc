"""gunicorn's logger with rating tokens redacted (see gunicorn.conf.py and logging_filters)."""

from gunicorn.glogging import Logger

from .logging_filters import redact


def _redacting(level):
    def log(self, msg, *args, **kwargs):
        getattr(super(RedactingLogger, self), level)(self._redacted(msg, args), **kwargs)

    log.__name__ = log.__qualname__ = level
    return log


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        """Every value the access log format can show, with /ratings/<token> redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}

    def _redacted(self, msg, args):
        try:
            text = str(msg) % args if args else str(msg)
        except (TypeError, ValueError):
            text = " ".join([str(msg), *map(str, args)])
        return redact(text)

    # Each of gunicorn's error-log methods, given the message with its arguments filled in and redacted.
    critical = _redacting("critical")
    error = _redacting("error")
    warning = _redacting("warning")
    info = _redacting("info")
    debug = _redacting("debug")
    exception = _redacting("exception")
