"""gunicorn's logger with rating tokens redacted (see gunicorn.conf.py and logging_filters)."""

from gunicorn.glogging import Logger

from .logging_filters import redact


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

    def critical(self, msg, *args, **kwargs):
        super().critical(self._redacted(msg, args), **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(self._redacted(msg, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(self._redacted(msg, args), **kwargs)

    def info(self, msg, *args, **kwargs):
        super().info(self._redacted(msg, args), **kwargs)

    def debug(self, msg, *args, **kwargs):
        super().debug(self._redacted(msg, args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(self._redacted(msg, args), **kwargs)
