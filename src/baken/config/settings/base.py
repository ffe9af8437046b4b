"""Settings shared by every environment. Secrets and keys come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

SRC_DIR = Path(__file__).resolve().parents[3]
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(os.environ.get("BAKEN_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# The covering index for the management figures (meldingen: signaal_inzicht_idx) carries extra
# columns on PostgreSQL; SQLite, the embedded default for small set-ups, builds it without them,
# which is all this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "baken.core",
    "baken.organisaties",
    "baken.kennis",
    "baken.privacy",
    "baken.meldingen",
    "baken.netwerk",
    "baken.basisniveau",
    "baken.inzicht",
    "baken.informatieplein",
    "baken.casussen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "baken.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "baken.core.middleware.ZelfdeOorsprongMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "baken.core.middleware.AbsoluteSessieduurMiddleware",
    "baken.core.middleware.TweedeFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "baken.privacy.middleware.AuditHerkomstMiddleware",
    "baken.core.middleware.GeenCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baken.config.urls"
WSGI_APPLICATION = "baken.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baken.core.context_processors.navigatie",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'baken.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked"
    # surprises when two requests upgrade a read transaction to a write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisaties.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
# AxesStandaloneBackend first: it refuses a locked-out username + IP before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (see the OIDC block below); inert while BAKEN_OIDC_ISSUER is empty.
    "baken.core.oidc.OIDCBackend",
]

# Lockout (django-axes): after 5 failed logins for the same username from the same IP address,
# that combination is locked for 30 minutes. Wrong TOTP codes count as failures too
# (baken.core.inloggen). Unknown usernames are counted and locked the same way, so the lockout
# reveals nothing about which accounts exist. Behind a reverse proxy, configure
# AXES_IPWARE_PROXY_COUNT / AXES_IPWARE_META_PRECEDENCE_ORDER so the client IP is used.
AXES_FAILURE_LIMIT = 5
AXES_USERNAME_CALLABLE = "baken.core.inloggen.axes_gebruikersnaam"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("BAKEN_VERGRENDELING_MINUTEN", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Not on the password alone: baken.core.inloggen clears the count after password *and* code.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "baken.core.inloggen.vergrendelpagina"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Second factor (django-otp, TOTP) for every local account: after the password the user enters
# a 6-digit code; baken.core.middleware.TweedeFactorMiddleware enforces it on every page.
OTP_TOTP_ISSUER = "Baken"
# Absolute session lifetime: however active the user is, after this many hours they log in
# again (baken.core.middleware.AbsoluteSessieduurMiddleware). The idle timeout is below.
BAKEN_SESSIE_MAX_UUR = float(os.environ.get("BAKEN_SESSIE_MAX_UUR", "8"))

# --- OpenID Connect: logging in through the municipality's own identity provider ----------
# baken.core.oidc (mozilla-django-oidc with the issuer/audience checks it lacks). Off while
# BAKEN_OIDC_ISSUER is empty: no button on the login page, /oidc/... answers 404.
# mozilla-django-oidc does not read the discovery document: every endpoint is set here.
BAKEN_OIDC_ISSUER = os.environ.get("BAKEN_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("BAKEN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("BAKEN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("BAKEN_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("BAKEN_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("BAKEN_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("BAKEN_OIDC_CLIENT_SECRET", "")
# The `aud` the ID token must contain; empty means the client id (the OIDC rule). Only for
# providers that name this application in `aud` by another identifier than the client id.
BAKEN_OIDC_AUDIENCE = os.environ.get("BAKEN_OIDC_AUDIENCE", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Accounts are made by a beheerder (with roles); an unknown e-mail address is refused.
OIDC_CREATE_USER = False
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
# Seconds to wait for the provider's token, keys and userinfo endpoints.
OIDC_TIMEOUT = 10
# --- end of OpenID Connect ----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

# Attachments live outside every web root and are only served by a scoped view.
BIJLAGEN_ROOT = Path(os.environ.get("BAKEN_BIJLAGEN_ROOT", VAR_DIR / "bijlagen"))
BIJLAGE_MAX_BYTES = int(os.environ.get("BAKEN_BIJLAGE_MAX_BYTES", 10 * 1024 * 1024))
# Types are checked from the file content, not from the name or the browser's claim.
BIJLAGE_TOEGESTANE_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG-foto",
    "image/png": "PNG-afbeelding",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word-document",
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Deadlines in working days per urgency (weekends and Dutch public holidays excluded).
# 0 means: the same working day.
BAKEN_TERMIJNEN = {
    "acuut": {"weging": 0, "terugkoppeling": 1},
    "normaal": {"weging": 5, "terugkoppeling": 10},
}
# A deadline that passed more than this many working days ago counts as "ruim te laat".
BAKEN_RUIM_TE_LAAT_NA_WERKDAGEN = 5
# Reminder e-mail this many working days before a deadline.
BAKEN_HERINNERING_WERKDAGEN_VOORAF = 1
# Figures that leave a municipality show counts below this as "<k" (small-cell suppression).
BAKEN_ONDERDRUKKING_K = int(os.environ.get("BAKEN_ONDERDRUKKING_K", "5"))

# Keyed blind index for identifiers: found again by exact match, never stored in the clear
# in the index column. Key from the environment in production.
BAKEN_BLIND_INDEX_SLEUTEL = os.environ.get("BAKEN_BLIND_INDEX_SLEUTEL", "")

# Fernet keys for encryption at rest (comma-separated, newest first): the first encrypts,
# all decrypt, so a key can be rotated without downtime (manage.py sleutel_roteren).
BAKEN_DATA_SLEUTELS = [
    s.strip() for s in os.environ.get("BAKEN_DATA_SLEUTELS", "").split(",") if s.strip()
]

# Keys of the hit/no-hit token index (informatieplein): comma-separated "versie:sleutel",
# newest first. The first makes new tokens; all are looked up, so a key can be rotated
# without missing a treffer (manage.py tokens_vernieuwen re-tokens with the newest). Every
# identifier kind gets its own key, derived from these. Separate from SECRET_KEY, the
# blind-index key and the data keys: the index must not be readable with any of them.
BAKEN_TOKEN_SLEUTELS = [
    s.strip() for s in os.environ.get("BAKEN_TOKEN_SLEUTELS", "").split(",") if s.strip()
]
# Key of the Bloom-filter encodings of name + date of birth in the RIEC's link runs.
BAKEN_BLOOM_SLEUTEL = os.environ.get("BAKEN_BLOOM_SLEUTEL", "")

# HMAC key of the audit hash chain; separate from SECRET_KEY and the blind-index key.
# Losing or changing it makes the existing chain unverifiable.
BAKEN_AUDIT_SLEUTEL = os.environ.get("BAKEN_AUDIT_SLEUTEL", "")

BAKEN_BASIS_URL = os.environ.get("BAKEN_BASIS_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("BAKEN_AFZENDER", "Baken <noreply@baken.example>")
EMAIL_SUBJECT_PREFIX = "[Baken] "

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Idle timeout: the session expires this many minutes after the last request (every request
# renews it). Closing the browser ends it too.
SESSION_COOKIE_AGE = int(os.environ.get("BAKEN_SESSIE_MINUTEN", "15")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx gets the token from hx-headers in base.html.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No URL (they name signals) leaks through a Referer, not even to ourselves. Browsers then
# send `Origin: null` on form posts: see baken.core.middleware.ZelfdeOorsprongMiddleware.
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by baken.core.middleware.PermissionsPolicyMiddleware: Baken needs no device access.
BAKEN_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

# Content-Security-Policy (django-csp 4). No inline script or style anywhere: scripts and
# styles come from our own static files; the script tags in base.html carry the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"baken": {"level": "INFO"}},
}
CSRF_FAILURE_VIEW = "baken.core.views.csrf_fout"
