"""Gilde's settings: one file, driven by environment variables with safe defaults."""

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


def envbool(name: str, default: str) -> bool:
    """A yes/no setting; anything but the words below stops start-up (a typo is not False)."""
    value = os.environ.get(name, default).strip().lower()
    if value not in TRUE + FALSE:
        raise ImproperlyConfigured(
            f"{name} must be 1 or 0 (true/false, yes/no, on/off), not {value!r}."
        )
    return value in TRUE


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envfloat(name: str, default: str) -> float:
    value = os.environ.get(name, default).strip()
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file NAME_FILE points at (systemd credentials, Docker)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc}") from exc
    return os.environ.get(name, default)


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL (postgres://user:pass@host:port/name or sqlite:///path) into a dict."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "60"),
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        return sqlite_database(Path(unquote(parts.path)))
    raise ValueError(f"Unsupported DATABASE_URL scheme: {parts.scheme}")


def sqlite_database(path: Path) -> dict:
    return {
        # Django's SQLite, making the database's folder when it first opens it (not here).
        "ENGINE": "gilde.core.sqlite",
        "NAME": path,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue
            # instead of failing halfway (the ledger relies on this).
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


SECRET_KEY = secret("SECRET_KEY", "dev-only-not-secret-change-me")
DEBUG = envbool("DEBUG", "1")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = "Gilde"

if not DEBUG and SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY when DEBUG=0.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "gilde.core",
    "gilde.accounts",
    "gilde.networks",
    "gilde.knowledge",
    "gilde.exchange",
    "gilde.meetings",
    "gilde.projects",
]

MIDDLEWARE = [
    "gilde.core.middleware.RequestIdMiddleware",
    "gilde.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Pages and JSON compressed also without nginx (gunicorn alone). Above everything that
    # reads or writes the body; Django's GZip pads each answer at random against BREACH,
    # and the CSRF token is masked per request as well. Static files are whitenoise's own.
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every answer that has no Cache-Control: no-store, 304 on If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gilde.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gilde.core.middleware.ApiMiddleware",
    "gilde.core.middleware.DebugNotFoundMiddleware",
]

# Headers on every answer (SecurityMiddleware and XFrameOptionsMiddleware), written out
# so that they are a decision, not a default: no MIME sniffing, the path and query of a
# page never leave the site in a Referer, and no page of Gilde in another site's frame.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every answer: scripts, styles, fonts and
# connections only from Gilde itself, so injected markup can run nothing. The pages
# have no inline script or style (htmx's own indicator style is in gilde.css, see
# base.html's htmx-config); the API docs read their settings from a JSON block,
# which is data, not script. Images may also be data: URLs (Swagger UI's icons);
# uploads are always served through Gilde, also from object storage (docs/deploy.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "gilde.urls"
CSRF_FAILURE_VIEW = "gilde.core.views.csrf_failure"
WSGI_APPLICATION = "gilde.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gilde" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gilde.core.context_processors.gilde",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
if secret("DATABASE_URL"):
    DATABASES = {"default": database_from_url(secret("DATABASE_URL"))}
else:
    DATABASES = {"default": sqlite_database(DATA_DIR / "gilde.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # allauth's, reading the signed-in user with a prepared query (accounts/backends.py).
    "gilde.accounts.backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "networks:mine"

# allauth: log in with e-mail. Verification is mandatory, so that signing up
# with an address that has an account looks the same as with a new one (the
# owner gets a mail instead); following an invitation mailed to the address
# counts as verifying it, so joining that way still takes three screens.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming the address in the browser that signed up logs in and goes on
# where sign-up was headed (an invitation's profile step); elsewhere, log in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "gilde.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Gilde] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Gilde"
# allauth's rate limits (they use the cache), among them "login_failed": five
# wrong passwords for one address in five minutes, ten a minute from one IP.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}

# Django's admin, under this path, logs in through allauth (second factor, rate limits).
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must not be empty, e.g. ADMIN_PATH=beheer/.")
# Who may sign up: anyone ("open") or only someone holding a valid invitation.
SIGNUP_MODE = envchoice("SIGNUP_MODE", "open", ("open", "invitation"))
# Who may set up a network: anyone with an account ("open"), anyone but only
# visible after a site admin's approval ("approval"), or site admins ("admins").
NETWORK_CREATION = envchoice("NETWORK_CREATION", "open", ("open", "approval", "admins"))
# How many networks one person (not a site admin) may set up in 24 hours.
NETWORK_CREATE_LIMIT = envint("NETWORK_CREATE_LIMIT", "5")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gilde" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "gilde" / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Every file (photos, logos, attachments) goes through Django's storage API, so
# a shared volume or object storage works without code changes. STORAGE_BACKEND
# names another backend, e.g. storages.backends.s3.S3Storage (pip install
# 'gilde[s3]'); its options come from STORAGE_OPTIONS as JSON (docs/deploy.md).
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(secret("STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_IMAGE_MAX_BYTES = envint("UPLOAD_IMAGE_MAX_BYTES", str(5 * 1024 * 1024))
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024))
# The first handler stops an upload once it passes ATTACHMENT_MAX_BYTES, before it is
# stored (gilde/core/uploads.py); Django's own two then keep what is allowed.
FILE_UPLOAD_HANDLERS = [
    "gilde.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# smtp, console or file (writes each message to EMAIL_FILE_PATH); by default
# SMTP once EMAIL_HOST is set, the console otherwise.
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}
EMAIL_BACKEND = EMAIL_BACKENDS.get(
    os.environ.get("EMAIL_BACKEND", "smtp" if os.environ.get("EMAIL_HOST") else "console"), ""
)
if not EMAIL_BACKEND:
    raise ImproperlyConfigured("EMAIL_BACKEND must be smtp, console or file.")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
# From an address on the site's own domain unless told otherwise.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@{urlsplit(SITE_URL).hostname or 'localhost'}>"
)

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Trust X-Forwarded-Proto only when a proxy in front overwrites it (docs/deploy.md's
# nginx does); otherwise anyone could claim to have come over HTTPS.
if envbool("BEHIND_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS is opt-in: once a browser has seen it, the site cannot go back to HTTP for
# that long, so an operator turns it on when HTTPS is settled.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")
# The reverse proxy redirects HTTP to HTTPS (docs/deploy.md); Django can do it too.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0")
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_SECONDS:
    SILENCED_SYSTEM_CHECKS.append("security.W004")  # HSTS: opt-in, see above
if not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")  # the proxy redirects to HTTPS

# The API: its prefix, and how many requests one person (or, logged out, one
# address) may make, counted in the shared cache ("300/m", "5000/h").
API_PREFIX = "api/v1/"
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/m")
# Behind one proxy the client's address is the last one it adds to X-Forwarded-For.
NINJA_NUM_PROXIES = 1 if envbool("BEHIND_PROXY", "0") else 0

# Sessions are kept in the database and read through the cache (write-through):
# a logged-in page skips one ORM query. Rights never come from the session: the
# user row (active, password) and the memberships are read on every request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The cache is shared by every process: allauth's login limits and the API's
# rate limits count there. Redis when REDIS_URL is set; otherwise a table in the
# database, so the limits also hold across the workers of one machine.
CACHES: dict[str, dict[str, object]]
if secret("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": secret("REDIS_URL"),
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gilde"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gilde_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gilde"),
        }
    }

# Rendered parts of pages (gilde.core.fragments), in each process's memory: a
# key names the network's content version, so a write anywhere makes every
# process render afresh; nothing needs clearing, a restart only empties it.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "gilde-fragments",
    "TIMEOUT": int(os.environ.get("FRAGMENT_CACHE_SECONDS", "600")),
    # A part is 5-50 KB: at most some tens of MB per worker, whatever the addresses asked.
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# "Name <address>, Name <address>": who gets mail about server errors.
ADMINS = [
    (name.strip(), address.strip(" >"))
    for name, _sep, address in (
        entry.partition("<") for entry in os.environ.get("ADMINS", "").split(",") if entry.strip()
    )
]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Each line carries time, level, logger and the request id; LOG_FORMAT=json for
# log collectors. A request with a foreign Host header is one warning line.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gilde.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "gilde.core.logs.JsonFormatter"},
        "one_line": {"()": "gilde.core.logs.OneLineFormatter", "json": LOG_FORMAT == "json"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        "one_line": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "one_line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"] if ADMINS else ["console"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.security.DisallowedHost": {
            "handlers": ["one_line"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}

# Error reports to Sentry when SENTRY_DSN is set (pip install 'gilde[sentry]').
if secret("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=secret("SENTRY_DSN"),
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=envfloat("SENTRY_TRACES_SAMPLE_RATE", "0"),
        send_default_pii=False,
    )
