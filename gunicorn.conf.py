"""gunicorn's settings for the production shape (gunicorn reads ./gunicorn.conf.py by default).

The command line (Dockerfile, docker-compose.yml) still chooses the app, bind address, workers
and `--access-logfile -`; this file makes every log line it writes safe and bounds requests.
"""

# Rating links carry a secret token in their path (/ratings/<token>/): the access log (request
# line, path, query, Referer) and the error log show it redacted.
logger_class = "endorsement.gunicorn_logging.RedactingLogger"

# Bounds on what a client may send before Django sees it: the request line (URL) and the
# headers. Bodies are capped by Django (REQUEST_MAX_BYTES, refused from Content-Length before
# any of the body is read).
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
