"""Settings, read from the environment (see .env.example for every variable)."""

import importlib.util
import json
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
import jinja2
from csp.constants import NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# The development default; refused whenever DEBUG is off.
INSECURE_SECRET_KEY = "django-insecure-cancerplan-development-only"


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name) or default
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    path = Path(value.strip())
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name} must be an absolute path, not {value!r}.")
    return path


def env_database(name: str, default: str) -> dict:
    url = env_str(name, default)
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(f"{name} must point at PostgreSQL or SQLite.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several requests (and the worker) write at once: readers do not block the writer (WAL),
        # a writer waits for the lock instead of failing at once (timeout, seconds), and a
        # transaction takes the write lock when it begins (IMMEDIATE), so it cannot fail with
        # "database is locked" halfway, when a read lock would have to be upgraded.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            **config.get("OPTIONS", {}),
        }
    else:
        # QuerySet.iterator() (a choice field's options, for one) reads small results: a
        # server-side cursor would cost three round trips where one does, and would not work
        # behind a transaction-pooling PgBouncer.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            # Parameters bound by the server let psycopg prepare a statement that a connection
            # has run 5 times: PostgreSQL parses it once, and plans it once when its generic
            # plan is as good as one for the values (plan_cache_mode decides otherwise). A
            # page's joins took up to 3 ms each to plan, for a few tenths to run. The backend
            # keeps bulk writes within the 65,535 parameters a bound statement takes.
            config["ENGINE"] = "cancerplan.postgresql"
            config["OPTIONS"] = {
                "server_side_binding": True,
                "prepare_threshold": 5,
                **config.get("OPTIONS", {}),
            }
    return config


FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
STORAGE_ALIASES = {"filesystem": FILE_SYSTEM_STORAGE, "s3": "storages.backends.s3.S3Storage"}
DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def env_storage(name: str, options_name: str) -> dict:
    """The default file storage: files on disk in MEDIA_ROOT, or the backend `name` chooses
    ("s3" for django-storages' S3Storage, or any storage class's dotted path) with the JSON
    object in `options_name` as its options. A backend whose package is not installed, or
    options that are no JSON object, fail at start."""
    backend = os.environ.get(name, "").strip() or "filesystem"
    backend = STORAGE_ALIASES.get(backend.lower(), backend)
    if not DOTTED_PATH.fullmatch(backend):
        raise ImproperlyConfigured(
            f"{name} must be filesystem, s3 or a dotted path, not {backend!r}."
        )
    if importlib.util.find_spec(backend.split(".")[0]) is None:
        raise ImproperlyConfigured(f"{name} is {backend}, but its package is not installed.")
    raw = os.environ.get(options_name, "").strip()
    try:
        options = json.loads(raw) if raw else {}
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"{options_name} is not valid JSON: {exc}") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f'{options_name} must be a JSON object, like {{"key": 1}}.')
    return {"BACKEND": backend, "OPTIONS": options}


def check_secret_key(key: str) -> str:
    """Django's own rule for a production key (the deploy check's security.W009)."""
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    ):
        raise ImproperlyConfigured(
            f"Set SECRET_KEY to a random string of at least {SECRET_KEY_MIN_LENGTH} characters "
            f"with at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones (DEBUG is off)."
        )
    return key


# Off unless asked for: `make run` and the tests turn it on.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", INSECURE_SECRET_KEY)
if not DEBUG:
    check_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "operations",
    "documents",
    "registry",
    "plans",
    "followup",
    "meetings",
    "agreements",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    # First: a load balancer's probe is answered whatever its Host header and scheme.
    "operations.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "operations.middleware.PrivateCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cancerplan.urls"

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
            ],
        },
    },
    # The loops that repeat markup per goal or cell, included with {% jinja %}.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "cancerplan.jinja2.environment",
            "extensions": ["jinja2.ext.i18n"],
            # A misspelt or missing name is an error in development (and the tests); in
            # production it prints nothing, as in Django's templates.
            "undefined": jinja2.StrictUndefined if DEBUG else jinja2.Undefined,
        },
    },
]

WSGI_APPLICATION = "cancerplan.wsgi.application"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username and address before the password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:plan-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and stored files (published follow-up reports, meeting attachments) go to MEDIA_ROOT,
# or to the storage STORAGE_BACKEND chooses (e.g. S3-compatible object storage). They are served
# only through the views that check who may read them, never as public /media/ URLs, so there is
# no MEDIA_URL to set. The web server and the worker must share the storage.
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "media")
STORAGES = {
    # FileSystemStorage without options follows MEDIA_ROOT (also when tests change it).
    "default": env_storage("STORAGE_BACKEND", "STORAGE_OPTIONS"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The address people reach the site on, for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cancerplan@localhost")

# Login throttling (django-axes): a username and address pair is locked after AXES_FAILURE_LIMIT
# failed logins, for AXES_COOLOFF_MINUTES; every login form, the admin's included.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login page again, with a message that does not say whether the user exists.
AXES_LOCKOUT_CALLABLE = "operations.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "operations.security.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (0: use the connection's address).
PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Security headers. Production (DEBUG off) is https only: the app runs behind a proxy that
# terminates TLS and says so in X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only;
# nothing inline, no frames, forms post here only. The PDF previews follow it too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/semantic.html"
IMPORT_EXPORT_USE_TRANSACTIONS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every layout step at INFO, and pikepdf announces itself on import;
    # django-axes announces itself and every login at INFO (lockouts are warnings).
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# A region's report form has about six fields per goal (levels, "osäker", comment and what was
# loaded); Django's default of 1,000 fields refused every save of a plan over ~160 goals.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 20_000)

# Background work (reports laid out as PDF, e-mails) is queued in the database and done by
# `python manage.py db_worker`, which `make run` starts beside the development server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
