"""Settings for Serverless Pattern Explorer, read from the environment.

Every setting that differs between a laptop and production comes from an environment
variable through the strict helpers below: a malformed value stops start-up with a
message naming the variable, rather than running with a surprise.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from explorer.service_urls import SettingError, cache_from_url, database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# Like healthchecks: on for a laptop by default; production sets DEBUG=false and SECRET_KEY.
DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "explorer",
]

# Compression and BREACH. HTML is gzipped (pattern pages are 280-800 KB and htmx updates
# 200-700 KB; gzipped, 25-90 KB) everywhere but the admin. BREACH recovers a secret from the sizes
# of compressed responses that hold both the secret and input the attacker chooses. The public
# pages reflect their query string but hold no secret: no login, no session, no form that
# posts (so no CSRF token), nothing about the visitor. The admin holds secrets (its CSRF
# token, staff-only data) next to reflected input (`?q=`, `?next=`). Django's mitigations
# (a CSRF token masked afresh in every response; GZipMiddleware's 0-99 random bytes in the
# gzip filename header) make an attack slower, not impossible, and the admin's pages are small
# and rarely opened, so it is not worth the risk there. In the same order in debug and
# production; after WhiteNoise (it serves static files already compressed, and answers before
# this runs) and before every middleware that reads or changes the body (CommonMiddleware
# sets Content-Length), so it compresses the finished response.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "explorer.middleware.GZipExceptAdminMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if not DEBUG:
    # Serves the collected, hashed static files (run collectstatic first); runserver does it in debug.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "explorer.urls"

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
]

WSGI_APPLICATION = "explorer.wsgi.application"

# DATABASE_URL: SQLite by default (SQLITE_PATH names its file), PostgreSQL in production.
try:
    DATABASES = {
        "default": database_from_url(
            env_str("DATABASE_URL", f"sqlite:///{env_str('SQLITE_PATH', str(BASE_DIR / 'db.sqlite3'))}"),
            base_dir=BASE_DIR,
        )
    }
    # REDIS_URL: rendered diagrams shared by every app server; local memory without it.
    CACHES = {"default": cache_from_url(env_str("REDIS_URL"))}
except SettingError as error:
    raise ImproperlyConfigured(str(error)) from None


LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic gathers the files whitenoise serves when DEBUG is off.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Hashed, compressed files with long cache headers in production; plain files in debug.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security: secure cookies and HSTS outside debug; a CSP with no inline scripts anywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Graphviz's SVG and htmx's swaps set style attributes; no script runs inline.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Where the pattern and component files live; load_content reads this folder.
PATTERNS_CONTENT_DIR = Path(env_str("PATTERNS_CONTENT_DIR", str(BASE_DIR / "patterns_content")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"explorer": {"handlers": ["console"], "level": "INFO"}},
}
