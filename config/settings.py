"""Plein settings: everything comes from the environment (docs/configuration.md).

With no environment at all you get an embedded SQLite database under ./var,
DEBUG on, mail printed to the console and a database-backed task queue that
`plein worker` (started by `make run`) drains.
"""

import re
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("PLEIN_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", True)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Plein")


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off."
        )
    # A development install keeps one generated key in its data directory, so
    # sessions survive restarts without anyone having to configure a secret.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    # django-crontask is used for its @cron decorator only: `plein crontask`
    # is plein.core's scheduler (plein/core/scheduler.py), not the library's.
    "ninja",  # serves Swagger UI from static files (CSP: no CDN, no inline script)
    "plein.core",
    "plein.people",
    "plein.groups",
    "plein.posts",
    "plein.feed",
    "plein.notifications",
    "plein.search",
    "plein.announcements",
    "plein.alerts",
    "plein.mail",
    "plein.governance.guidelines",
    "plein.governance.dlp",
    "plein.governance.moderation",
    "plein.governance.compliance",
    "plein.governance.privacy",
    "plein.knowledge.wiki",
    "plein.knowledge.qna",
    "plein.knowledge.expertise",
    "plein.knowledge.trail",
    "plein.knowledge.recognition",
    "plein.channels.live",
    "plein.channels.push",
    "plein.channels.feeds",
    "plein.channels.webhooks",
    "plein.channels.screens",
    "plein.engagement.kudos",
    "plein.engagement.surveys",
    "plein.engagement.events",
    "plein.engagement.polls",
    "plein.engagement.scheduling",
    "plein.insights",
    "plein.careers.vacancies",
    "plein.careers.referrals",
    "plein.careers.onboarding",
    "plein.careers.alumni",
    "plein.listening.sources",
    "plein.listening.mentions",
    "plein.listening.triage",
    "plein.listening.watches",
    "plein.listening.insights",
    "plein.branding.wall",
    "plein.api",
    "plein.demo",
    "plein.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "plein.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plein.governance.compliance.middleware.AuditContextMiddleware",
    "plein.people.middleware.PersonPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "plein.people.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "plein.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "plein" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plein.core.context_processors.plein",
                "plein.notifications.context_processors.unread",
            ],
        },
    },
]

# Database -------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'plein.sqlite3'}")
try:
    _db = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600)
    )
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a valid database URL: {exc}"
    ) from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # WAL lets readers and one writer work side by side; IMMEDIATE makes
        # every write transaction take the write lock up front, so a web and a
        # worker process never deadlock on a lock upgrade.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536; "
            "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, queue ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    INSTALLED_APPS.append("django_rq")
else:
    # Shared between every web and worker process, unlike a local-memory cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "plein_cache",
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if env_bool("PLEIN_IMMEDIATE_TASKS", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)
# A worker renews the lease on the task it runs, and the scheduler its own
# lease, every quarter of this; a process that stops renewing is taken for
# dead after it, and its task runs again (docs/decisions/0003-*).
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 30)
if TASK_LEASE_SECONDS < 1:
    raise ImproperlyConfigured("TASK_LEASE_SECONDS must be at least 1.")
# Finished task results are deleted after this many days (the queue's table
# would otherwise grow with every task ever run).
TASK_RESULTS_KEEP_DAYS = env_int("TASK_RESULTS_KEEP_DAYS", 7)
# Read feed rows kept per person; older ones are trimmed nightly (unread stay).
FEED_INBOX_KEEP = env_int("FEED_INBOX_KEEP", 1000)
# Compliance: days content is kept (7 years) unless an admin sets another
# term; what erasing a person does with what they wrote ("keep" or "delete").
RETENTION_DAYS = env_int("RETENTION_DAYS", 2557)
ERASURE_CONTENT = env_str("ERASURE_CONTENT", "keep")

# Accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "feed:home"
LOGOUT_REDIRECT_URL = "people:login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Language and time --------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "nl")
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "plein" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# Files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise expects the folder even before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "plein" / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
# Data exports ("download my data" and eDiscovery zips): built by a worker,
# downloaded only through the views that check access (plein.core.export_files).
# A folder of their own, outside MEDIA_ROOT, that no URL serves.
EXPORTS_ROOT = Path(env_str("EXPORTS_ROOT", str(DATA_DIR / "exports")))
STORAGES["exports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": str(EXPORTS_ROOT),
        "file_permissions_mode": 0o640,
        "directory_permissions_mode": 0o750,
    },
}
# "Download my data" zips are deleted after this.
PRIVACY_EXPORT_DAYS = env_int("PRIVACY_EXPORT_DAYS", 7)
# Uploaded files and exports in S3-compatible object storage instead of the
# local disk, for several web machines (docs/deployment.md).
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    _s3_prefix = env_str("S3_PREFIX", "")
    _s3_options: dict[str, Any] = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("S3_REGION", "") or None,
        "access_key": env_secret("S3_ACCESS_KEY") or None,
        "secret_key": env_secret("S3_SECRET_KEY") or None,
        "location": _s3_prefix,
        # Files are served through Plein's own views, which check access:
        # private objects, never a public URL, never overwritten.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": _s3_options,
    }
    STORAGES["exports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            # The same bucket, under <S3_PREFIX>exports/, apart from uploads.
            "location": "/".join(p for p in (_s3_prefix.strip("/"), "exports") if p),
            # A download is read into a temporary file: on disk past 8 MB.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail --------------------------------------------------------------------------
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER") or None,
                "password": env_secret("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
else:
    # Without a mail server, messages are printed where `make run` shows its log.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Plein <plein@localhost>")

# Mail in and out (docs/mail.md) ------------------------------------------------
# The domain of group addresses (finance@…) and reply addresses (r-…@…).
MAIL_DOMAIN = env_str("MAIL_DOMAIN", "plein.localhost")
MAIL_GATEWAY_HOST = env_str("MAIL_GATEWAY_HOST", "127.0.0.1")
MAIL_GATEWAY_PORT = env_int("MAIL_GATEWAY_PORT", 2525)
# A mail to more than this many internal people becomes a post.
MAIL_POST_THRESHOLD = env_int("MAIL_POST_THRESHOLD", 3)
MAIL_MAX_BYTES = env_int("MAIL_MAX_BYTES", 25 * 1024 * 1024)
MAIL_MAX_RECIPIENTS = env_int("MAIL_MAX_RECIPIENTS", 1000)
# Mails accepted from one sender address per hour (0: no limit).
MAIL_MAX_PER_SENDER_PER_HOUR = env_int("MAIL_MAX_PER_SENDER_PER_HOUR", 200)
# Threads writing incoming mail on PostgreSQL (SQLite always uses one).
MAIL_GATEWAY_WORKERS = env_int("MAIL_GATEWAY_WORKERS", 4)
# The organisation's own e-mail domains: addresses there are colleagues.
MAIL_INTERNAL_DOMAINS = env_list("MAIL_INTERNAL_DOMAINS", [])
# Trust Authentication-Results headers added by this server id only; with
# MAIL_REQUIRE_DMARC a mail without dmarc=pass (or spf/dkim pass) is refused.
MAIL_AUTHSERV_ID = env_str("MAIL_AUTHSERV_ID", "")
MAIL_REQUIRE_DMARC = env_bool("MAIL_REQUIRE_DMARC", False)

# Web push (docs/push.md): the VAPID private key (P-256, raw base64url or PEM;
# unset: one is generated once and kept in the database) and the contact push
# services see (mailto: or https:; unset: DEFAULT_FROM_EMAIL's address).
VAPID_PRIVATE_KEY = env_secret("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "")
# Seconds a push service keeps a push for a device that is offline.
PUSH_TTL_SECONDS = env_int("PUSH_TTL_SECONDS", 24 * 3600)
# Requests to push services in flight at once, per sending task.
PUSH_CONCURRENCY = env_int("PUSH_CONCURRENCY", 8)
# Plain http push endpoints on loopback: tests and the benchmark, never production.
PUSH_ALLOW_LOOPBACK_HTTP = env_bool("PUSH_ALLOW_LOOPBACK_HTTP", False)

# Outgoing webhooks (docs/webhooks.md): allow private, loopback and link-local
# addresses and plain http. Development and tests only.
WEBHOOKS_ALLOW_PRIVATE_HOSTS = env_bool("WEBHOOKS_ALLOW_PRIVATE_HOSTS", False)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Live updates (docs/live.md) ------------------------------------------------------
# How often each web process looks for new live events without a wake-up.
LIVE_POLL_MS = env_int("LIVE_POLL_MS", 250)
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 15)
# A stream ends after this long; the browser reconnects and resumes.
LIVE_MAX_STREAM_SECONDS = env_int("LIVE_MAX_STREAM_SECONDS", 1800)
LIVE_MAX_STREAMS_PER_PERSON = env_int("LIVE_MAX_STREAMS_PER_PERSON", 8)
LIVE_KEEP_HOURS = env_int("LIVE_KEEP_HOURS", 24)
# Where pages open their stream: /live/stream behind a reverse proxy that
# sends /live/ to the ASGI processes. `plein serve` runs the stream on its own
# port next to the WSGI site and sets this. Empty: only ASGI pages open one.
LIVE_STREAM_URL = env_str("LIVE_STREAM_URL", "")
_live_origin = (
    ["/".join(LIVE_STREAM_URL.split("/")[:3])]
    if LIVE_STREAM_URL.startswith(("http://", "https://"))
    else []
)

# Plein limits ----------------------------------------------------------------------
POST_MAX_LENGTH = env_int("POST_MAX_LENGTH", 50_000)
COMMENT_MAX_LENGTH = env_int("COMMENT_MAX_LENGTH", 10_000)
TITLE_MAX_LENGTH = 200
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600)
LOGIN_RATE_LIMIT_PER_MINUTE = env_int("LOGIN_RATE_LIMIT_PER_MINUTE", 10)
# The audit log records REMOTE_ADDR, or this header when a proxy you trust sets
# it (e.g. X-Forwarded-For: the right-most address is used). Empty: none trusted.
AUDIT_CLIENT_IP_HEADER = env_str("AUDIT_CLIENT_IP_HEADER", "")
# Reports from this many different people withhold a post or comment until a
# moderator looks at it (docs/moderation.md).
MODERATION_HIDE_AFTER_REPORTS = env_int("MODERATION_HIDE_AFTER_REPORTS", 3)
# Everyone accepts the current material version of the social-media guidelines
# before their first post or comment (docs/guidelines.md).
GUIDELINES_REQUIRED = env_bool("GUIDELINES_REQUIRED", True)
LINK_PREVIEWS = env_bool("LINK_PREVIEWS", True)
# Search trail (docs/trail.md): opt-in only; a stem's weight halves every
# Relevance search asks an embedded engine (tantivy) for candidates when
# SEARCH_ENGINE is "tantivy": the default with SQLite (one machine). With
# PostgreSQL and several machines leave it off ("off"): the database ranks.
SEARCH_ENGINE = env_str(
    "SEARCH_ENGINE",
    "tantivy" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "off",
)
if SEARCH_ENGINE not in ("tantivy", "off"):
    raise ImproperlyConfigured('SEARCH_ENGINE is "tantivy" or "off".')
SEARCH_ENGINE = "" if SEARCH_ENGINE == "off" else SEARCH_ENGINE
SEARCH_ENGINE_DIR = Path(
    env_str("SEARCH_ENGINE_DIR", str(DATA_DIR / "search-engine"))
).resolve()

# SEARCH_TRAIL_HALF_LIFE_DAYS, unused stems go after SEARCH_TRAIL_MAX_AGE_DAYS,
# and a topic is shown when at least SEARCH_TRAIL_MIN_PEOPLE (never below 3)
# people share it.
SEARCH_TRAIL_HALF_LIFE_DAYS = env_int("SEARCH_TRAIL_HALF_LIFE_DAYS", 14)
SEARCH_TRAIL_MAX_AGE_DAYS = env_int("SEARCH_TRAIL_MAX_AGE_DAYS", 90)
SEARCH_TRAIL_MIN_PEOPLE = env_int("SEARCH_TRAIL_MIN_PEOPLE", 3)
# Pulse surveys (docs/surveys.md): results are shown for groups of at least
# SURVEY_MIN_GROUP respondents, smaller ones merged upward; never below 5.
SURVEY_MIN_GROUP = env_int("SURVEY_MIN_GROUP", 5)
if SURVEY_MIN_GROUP < 5:
    raise ImproperlyConfigured("SURVEY_MIN_GROUP must be at least 5.")
# Kudos (docs/kudos.md): one person gives at most KUDOS_MAX_PER_PERIOD kudos
# per KUDOS_PERIOD_DAYS, praising one colleague (or team) at most
# KUDOS_MAX_PER_RECIPIENT times in that period.
KUDOS_MAX_PER_PERIOD = env_int("KUDOS_MAX_PER_PERIOD", 10)
KUDOS_MAX_PER_RECIPIENT = env_int("KUDOS_MAX_PER_RECIPIENT", 2)
KUDOS_PERIOD_DAYS = env_int("KUDOS_PERIOD_DAYS", 7)
# Recognition (docs/recognition.md): one giver adds at most
# RECOGNITION_MAX_PER_GIVER points to one receiver per RECOGNITION_PERIOD_DAYS;
# a pair or triangle that rewards each other at least RECOGNITION_RING_THRESHOLD
# times in each direction counts only that many; a wiki page earns read points
# from at most RECOGNITION_MAX_READS_PER_PAGE readers.
RECOGNITION_MAX_PER_GIVER = env_int("RECOGNITION_MAX_PER_GIVER", 10)
RECOGNITION_PERIOD_DAYS = env_int("RECOGNITION_PERIOD_DAYS", 30)
RECOGNITION_RING_THRESHOLD = env_int("RECOGNITION_RING_THRESHOLD", 3)
RECOGNITION_MAX_READS_PER_PAGE = env_int("RECOGNITION_MAX_READS_PER_PAGE", 25)
# Wiki pages not verified for this many days are listed for their owners,
# who are told once per period (docs/wiki.md).
WIKI_STALE_AFTER_DAYS = env_int("WIKI_STALE_AFTER_DAYS", 180)
# A question nobody answered for QNA_OFFER_AFTER_HOURS is offered once to at
# most QNA_OFFER_PEOPLE opted-in colleagues the expertise finder suggests; one
# person is offered at most QNA_OFFER_MAX_PER_PERSON questions a week
# (docs/questions.md).
QNA_OFFER_AFTER_HOURS = env_int("QNA_OFFER_AFTER_HOURS", 24)
QNA_OFFER_PEOPLE = env_int("QNA_OFFER_PEOPLE", 3)
QNA_OFFER_MAX_PER_PERSON = env_int("QNA_OFFER_MAX_PER_PERSON", 3)
# Insights (docs/insights.md): every figure per department or group counts at
# least INSIGHTS_MIN_GROUP people (never below 5); who read Plein on which day
# is kept INSIGHTS_ACTIVITY_DAYS; the nightly rollup fills missed days up to
# INSIGHTS_CATCH_UP_DAYS back; a group without posts or comments for
# INSIGHTS_INACTIVE_DAYS is flagged to its admins.
INSIGHTS_MIN_GROUP = env_int("INSIGHTS_MIN_GROUP", 5)
if INSIGHTS_MIN_GROUP < 5:
    raise ImproperlyConfigured("INSIGHTS_MIN_GROUP must be at least 5.")
INSIGHTS_ACTIVITY_DAYS = env_int("INSIGHTS_ACTIVITY_DAYS", 60)
INSIGHTS_CATCH_UP_DAYS = env_int("INSIGHTS_CATCH_UP_DAYS", 35)
INSIGHTS_INACTIVE_DAYS = env_int("INSIGHTS_INACTIVE_DAYS", 30)
# Careers: applications are deleted VACANCY_APPLICATION_RETENTION_DAYS after
# their vacancy ended (docs/vacancies.md); completed onboarding plans after
# ONBOARDING_RETENTION_DAYS (docs/onboarding.md). Candidates' data follows
# the Dutch recruitment code and is not configurable (docs/referrals.md).
VACANCY_APPLICATION_RETENTION_DAYS = env_int("VACANCY_APPLICATION_RETENTION_DAYS", 183)
ONBOARDING_RETENTION_DAYS = env_int("ONBOARDING_RETENTION_DAYS", 365)
# Link previews never fetch private or loopback addresses unless this is set
# (tests serve their pages on loopback).
LINK_PREVIEWS_ALLOW_PRIVATE = env_bool("LINK_PREVIEWS_ALLOW_PRIVATE", False)
# The public wall's embed (/wall/embed/) may be framed by these origins
# ("https://www.example.org", comma-separated) besides the site itself; every
# other page may not be framed at all (docs/wall.md).
WALL_EMBED_ORIGINS = env_list("WALL_EMBED_ORIGINS", [])
for _origin in WALL_EMBED_ORIGINS:
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?", _origin):
        raise ImproperlyConfigured(
            f"WALL_EMBED_ORIGINS: {_origin!r} is not an origin such as "
            "https://www.example.org"
        )
# Listening reads feeds through the same guard; private and loopback feed
# addresses only with this set (development, tests; docs/listening.md).
LISTENING_ALLOW_PRIVATE_HOSTS = env_bool("LISTENING_ALLOW_PRIVATE_HOSTS", False)
# Alert mails and colleagues' links go to <this>@MAIL_DOMAIN (docs/listening.md).
LISTENING_ADDRESS_LOCAL_PART = env_str("LISTENING_ADDRESS_LOCAL_PART", "listen")

# Security (docs/security.md) ------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No inline script or style anywhere: behaviour lives in plein/static/plein/js.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The live stream, when it has its own origin (LIVE_STREAM_URL).
    "connect-src": [CSP.SELF, *_live_origin],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
# Log-in lock-out: LOGIN_MAX_FAILURES failed log-ins for one e-mail address
# (forgotten LOGIN_FAILURE_WINDOW seconds after the last) lock that address
# for LOGIN_LOCKOUT_SECONDS; one IP address may fail LOGIN_MAX_FAILURES_PER_IP
# times in the same window.
AUTHENTICATION_BACKENDS = [
    "plein.people.security.LoginLockoutBackend",
    # Only for sessions started with it (invitations log in with it).
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
LOGIN_MAX_FAILURES_PER_IP = env_int("LOGIN_MAX_FAILURES_PER_IP", 50)
# Password reset requests per e-mail address and per IP address, per hour.
PASSWORD_RESET_MAX_PER_HOUR = env_int("PASSWORD_RESET_MAX_PER_HOUR", 5)
PASSWORD_RESET_MAX_PER_IP_PER_HOUR = env_int("PASSWORD_RESET_MAX_PER_IP_PER_HOUR", 20)
# A session ends after this long without a request, and this long after log-in.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 8 * 3600)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 7 * 24 * 3600)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logging (docs/configuration.md, "Logs") --------------------------------------------
# One readable line per record on the console: requests come from the web
# server's access log (plein serve), errors carry their reason on the line and
# their traceback after it, or in LOG_FILE when that is set. Idle processes
# print nothing at INFO.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOG_FILE = env_str("LOG_FILE")
_log_handlers = ["console", "file"] if LOG_FILE else ["console"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "()": "plein.core.logs.OneLineFormatter",
            # As the web server's access log writes the time.
            "datefmt": "%Y-%m-%d %H:%M:%S %z",
            "tracebacks": not LOG_FILE,
        },
        "full": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        **(
            {
                "file": {
                    # Reopens the file after logrotate moved it; several
                    # processes append to it.
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": LOG_FILE,
                    "formatter": "full",
                    "level": "WARNING",
                }
            }
            if LOG_FILE
            else {}
        ),
    },
    "root": {"handlers": _log_handlers, "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own "django" handler, which would print every
        # record a second time through the root logger.
        "django": {"handlers": _log_handlers, "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # A 404 or 403 is an answer, not an error, and the access log has the
        # request already; server errors (500) stay.
        "django.request": {"level": "ERROR"},
        # retrying_task logs every failure with its reason; Django's line per
        # task started and finished would repeat it and fill the console.
        "django.tasks": {"level": "DEBUG" if LOG_LEVEL == "DEBUG" else "CRITICAL"},
        # aiosmtpd (the mail gateway) writes five lines per SMTP connection.
        "mail.log": {"level": "DEBUG" if LOG_LEVEL == "DEBUG" else "WARNING"},
    },
}
