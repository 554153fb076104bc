"""Settings read from the environment.

With nothing set, the application runs on the embedded default: SQLite, Celery
tasks executed in-process, files in a local folder, email to the console.
Setting ``DEBUG=false`` selects the production shape, which refuses to start
without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from endorsement.jobs import beat_schedule, parse_time_of_day

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "embedded-default-insecure-key-for-local-use-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Endorsement")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "endorsement",
    "competencies",
    "applications",
    "reviews",
    "renewals",
    "credentials",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "endorsement.time_zones.AssociationTimeZoneMiddleware",
    "endorsement.languages.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "endorsement.accounts.StaffTOTPRequiredMiddleware",
]

ROOT_URLCONF = "endorsement.urls"
WSGI_APPLICATION = "endorsement.wsgi.application"
FORM_RENDERER = "endorsement.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "endorsement.navigation.navigation",
                "endorsement.script_text.script_text",
            ],
        },
    },
]

# Content-Security-Policy (django-csp): only our own scripts and styles run, nothing is framed,
# and browsers report violations to a view that logs them. The authenticator setup page shows
# its QR code as a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "report-uri": "/csp-report",
    },
}

# Database: SQLite file by default, PostgreSQL (psycopg 3) from DATABASE_URL.
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
if not env("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'endorsement.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

# django-allauth: email is the login; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Django's User needs a username; the adapter fills it with the email address and
# nobody ever sees it: pages and emails name people by their email.
ACCOUNT_ADAPTER = "endorsement.accounts.AccountAdapter"
ACCOUNT_USER_DISPLAY = "endorsement.accounts.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A new applicant starts with their profile.
ACCOUNT_SIGNUP_REDIRECT_URL = "applications:profile"
# Everyone may add an authenticator app; staff must (endorsement.accounts).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "endorsement.accounts.MFAAdapter"
MFA_TOTP_ISSUER = SITE_NAME

LANGUAGE_CODE = "en-us"
# The interface's languages; the catalogue is locale/es/LC_MESSAGES/django.po (scripts/messages.sh).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True
# One date style, by locale: endorsement/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["endorsement.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Files: a private local folder by default, an S3-compatible private bucket when
# AWS_STORAGE_BUCKET_NAME is set. Either way browsers never reach the files directly: every
# download streams through a view that checks, at that moment, who may see the file (a signed
# URL would stay valid for anyone holding it, and the bucket need not be reachable from outside).
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            # Nothing hands out the bucket's URLs; should a URL ever be built, it is signed and short.
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/files/"},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# Background jobs: Celery over Redis when REDIS_URL is set, otherwise in-process.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Seconds before Redis hands an unacknowledged task (its worker died) to another worker. The
# workers look for such tasks every few seconds (kombu's default is about every 100 s).
# Five minutes: our longest task (a certificate render, an email with EMAIL_TIMEOUT) takes
# seconds, so a task still unacknowledged after 300 s has lost its worker; an association
# expects its email within minutes, not an hour. A task redelivered while its first run goes on
# does nothing: the outbox row it runs is locked (endorsement.outbox).
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 5 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 2)),
    "unacked_restore_throttle": 1,
}
# A test and diagnostic knob: seconds the certificate task waits before rendering, so a test
# can kill the worker while the task runs. Always 0 in production.
CERTIFICATE_RENDER_PAUSE_SECONDS = env_int("CERTIFICATE_RENDER_PAUSE_SECONDS", 0)
CELERY_TIMEZONE = TIME_ZONE
# The daily jobs (endorsement/jobs.py) run every day at DAILY_JOBS_AT, local time (TIME_ZONE).
try:
    DAILY_JOBS_AT = parse_time_of_day(env("DAILY_JOBS_AT", "06:00"))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
CELERY_BEAT_SCHEDULE = beat_schedule(DAILY_JOBS_AT)
RATING_LINK_DAYS = env_int("RATING_LINK_DAYS", 30)
RATER_SESSION_SECONDS = env_int("RATER_SESSION_SECONDS", 2 * 60 * 60)
RATING_REMINDER_DAYS = (7, 14)

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: SMTP when EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
# Port 587 with STARTTLS (EMAIL_USE_TLS) by default; EMAIL_USE_SSL=true for SMTP over SSL on 465.
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS (port 587) and EMAIL_USE_SSL (port 465).")
if EMAIL_USE_SSL and not env("EMAIL_PORT"):
    EMAIL_PORT = 465
# Seconds before an SMTP server that does not answer fails the send (the task then retries).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Endorsement <endorsement@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. The production shape passes `manage.py check --deploy` cleanly.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging and error reports (structured logs, ADMINS, Sentry) --------------------------------
# One JSON object a line in production (LOG_FORMAT=json), readable lines locally (LOG_FORMAT=text);
# each with the time (UTC), level, logger, request id and user id (endorsement/structured_logging.py).
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Rating links carry a secret token in their path (/ratings/<token>/): no log line may show it.
        "redact_rating_tokens": {"()": "endorsement.logging_filters.RedactRatingTokens"},
        "request_context": {"()": "endorsement.structured_logging.RequestContextFilter"},
    },
    "formatters": {
        "structured": {
            "()": "endorsement.structured_logging."
            + ("JSONFormatter" if LOG_FORMAT == "json" else "TextFormatter")
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "filters": ["redact_rating_tokens", "request_context"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["redact_rating_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own handlers for its loggers, which would print every line twice.
        "django": {"handlers": ["console", "mail_admins"], "propagate": False},
        # "Not Found: /ratings/<token>/" and the like; server errors are also emailed to ADMINS.
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "propagate": False,
            "filters": ["redact_rating_tokens"],
        },
        # runserver's request lines ("GET /ratings/<token>/ HTTP/1.1" 302).
        "django.server": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_rating_tokens"],
        },
        # WeasyPrint and fontTools narrate every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Celery keeps Django's logging instead of installing its own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
MIDDLEWARE.insert(0, "endorsement.structured_logging.RequestContextMiddleware")

# Who is emailed a server error's details: "Name <email>, other@example.org" (empty: nobody).
ADMINS = [(name or address, address) for name, address in getaddresses(env_list("ADMINS")) if address]

# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set; off by default.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    from endorsement.error_reports import init_sentry

    init_sentry(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"))

# --- Secret rotation ----------------------------------------------------------------------------
# Rotating SECRET_KEY: the old key, listed here, still opens existing sessions and links until
# removed (comma-separated).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

# --- Site address -------------------------------------------------------------------------------
# SITE_URL is printed on every certificate and in every email: production refuses the default.
if not DEBUG:
    if not env("SITE_URL"):
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is false: it is printed on every certificate and in "
            "every email, e.g. SITE_URL=https://endorse.example.org"
        )
    _site = urlsplit(SITE_URL)
    if _site.scheme not in {"http", "https"} or not _site.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL must be an address such as https://endorse.example.org, not {SITE_URL!r}."
        )

# Where `load_guidelines` reads the competency guidelines from.
GUIDELINES_DIR = BASE_DIR / "fixtures"

# --- Files served at the site's root (favicon.ico), by WhiteNoise ------------------------------
WHITENOISE_ROOT = BASE_DIR / "endorsement" / "public"

# --- Security and resilience (issue 11) -----------------------------------------------------
# Kept together so that other branches' edits above merge cleanly.

# Secrets kept at rest (TOTP secrets, queued tasks' payloads) are encrypted with these Fernet
# keys (endorsement.encryption): the first encrypts, all decrypt. Unset, a key derived from
# SECRET_KEY is used (and `check --deploy` warns); it always stays the last decryption key, so
# moving to keys of one's own is: set ENCRYPTION_KEYS, run `manage.py rotate_encryption_key`.
from endorsement.encryption import derived_key  # noqa: E402

ENCRYPTION_KEYS_FROM_ENVIRONMENT = bool(env_list("ENCRYPTION_KEYS"))
ENCRYPTION_KEYS = [*env_list("ENCRYPTION_KEYS"), derived_key(SECRET_KEY)]

# The outbox (endorsement.outbox): beat hands every task that waited for the broker, or failed,
# to a worker again; another job re-queues certificates that were never rendered.
CELERY_BEAT_SCHEDULE["drain-outbox"] = {"task": "endorsement.tasks.drain_outbox", "schedule": 60}
CELERY_BEAT_SCHEDULE["render-pending-certificates"] = {
    "task": "renewals.tasks.render_pending_certificates",
    "schedule": 15 * 60,
}
# A request must not wait long for a broker that is down: the outbox keeps the work.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 2, "socket_timeout": 5}

# Behind TLS-terminating proxies, the sign-in limits key on the client's address: the number of
# proxies we run in front of gunicorn, each adding one X-Forwarded-For entry (0: none, use the
# connection's address), or a header the proxy sets to the client's address (e.g. X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Looking an endorsement up by its number (not by the certificate's random code): per client
# address and minute, so that nobody can list every endorsed person by counting up.
VERIFY_BY_NUMBER_PER_MINUTE = env_int("VERIFY_BY_NUMBER_PER_MINUTE", 30)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER") or None
# A sign-in over its limit is answered 429 (endorsement.ratelimits).
MIDDLEWARE += ["endorsement.ratelimits.TooManyRequestsMiddleware"]

# Bad input at the edges. A request whose body is larger than one upload plus the form around it
# is refused from its Content-Length before any of it is read (endorsement.request_limits);
# Django keeps at most 2.5 MB of a form in memory and spools larger files to disk.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", UPLOAD_MAX_BYTES + 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MIDDLEWARE += ["endorsement.request_limits.RequestSizeLimitMiddleware"]
# Uploads are scanned by ClamAV's clamd where an operator runs one (endorsement.clamav): a Unix
# socket, or a host and port. Unset: no scan.
CLAMD_SOCKET = env("CLAMD_SOCKET")
CLAMD_HOST = env("CLAMD_HOST")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

# While Redis is down the cache answers as an empty one (endorsement.cache), so no page fails.
if REDIS_URL:
    CACHES["default"]["BACKEND"] = "endorsement.cache.ResilientRedisCache"
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 2}
