"""Settings shared by every environment. Everything that differs between
machines comes from environment variables (django-environ); see .env.example."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address (scheme, host and port, no path) in links made outside a
# request: QR codes and links printed on certificates, links in e-mails. Pages
# and API answers use the address of the request itself. Production must set it
# (system check common.E001); local settings derive it from HOST/WEB_PORT.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    # Imports every app's rules.py (who may do what: accounts/permissions.py).
    "rules.apps.AutodiscoverRulesConfig",
]
# Order matters for seed_demo and navigation: later apps build on earlier ones.
LOCAL_APPS = [
    "asn_competency.common",
    "accounts",
    "training",
    "certificates",
    "planning",
    "tutorials",
    "workshops",
    "feedback",
    "community",
    "evaluation",
    "notifications",
    "announcements",
    "paths",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Retry-After on every 429 (rate limits of web pages and API alike).
    "asn_competency.common.ratelimit.RetryAfterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "asn_competency.common.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asn_competency.urls"
WSGI_APPLICATION = "asn_competency.wsgi.application"
ASGI_APPLICATION = "asn_competency.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "asn_competency.common.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# The embedded default is SQLite; DATABASE_URL switches to PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{(DATA_DIR / 'db.sqlite3').as_posix()}")}
# Persistent connections: measured, a one-INSERT view on PostgreSQL serves
# about 6x more requests when connections are reused.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(exist_ok=True)  # the embedded database lives in .data/ of the checkout
    # Several processes (web, worker, beat) share the file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
# A streaming replica of the primary, read by the dashboards and the report jobs
# (asn_competency/common/replica.py); writes and everything else stay on the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["asn_competency.common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker -----------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# Redis is never on the citizen's critical path: short timeouts everywhere, and
# after a failure the cache skips Redis for CACHE_RETRY_SECONDS (a circuit
# breaker, see asn_competency.common.cache) and answers as a miss.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=10)
if REDIS_URL:
    _redis_cache = {
        "BACKEND": "asn_competency.common.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="km"),
        "OPTIONS": {
            "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "RETRY_SECONDS": CACHE_RETRY_SECONDS,
        },
    }
    CACHES = {
        # Fails silently: a cache that does not answer is a miss (figures are computed).
        "default": _redis_cache,
        # The same Redis for the rate-limit counters, but strict: an outage raises, so
        # that common.ratelimit falls back to a per-process limit.
        "ratelimit": {**_redis_cache, "OPTIONS": {**_redis_cache["OPTIONS"], "FAIL_SILENTLY": False}},
    }
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]  # a RedisCache subclass is shared and atomic
else:
    # Embedded default: one web process, so a process-local cache is shared by
    # all its threads. Production always sets REDIS_URL.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    }
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003"]
RATELIMIT_USE_CACHE = "ratelimit"

# --- Auth -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # user.has_perm("training.manage_sessions"): the rules of <app>/rules.py; the model
    # backend leaves those names to it (accounts.backends), so asking costs no query.
    "rules.permissions.ObjectPermissionBackend",
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.CaseInsensitiveModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Password-reset requests per client address ("5/h"); empty turns the limit off.
ACCOUNTS_PASSWORD_RESET_RATE_LIMIT = env("ACCOUNTS_PASSWORD_RESET_RATE_LIMIT", default="5/h")
# A reset link is valid this long (and only once: see accounts.tasks).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=3 * 24 * 3600)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failures for the same
# username from the same address, that pair is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# 429 with Retry-After; JSON for the API (accounts.lockout).
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The client address as the rest of the project sees it (TRUSTED_PROXY_COUNT below).
AXES_CLIENT_IP_CALLABLE = "asn_competency.common.http.client_ip"
# One user name whatever its case (login, API token and lockout alike).
AXES_USERNAME_CALLABLE = "accounts.usernames.axes_username"
# How many reverse proxies in front of the web app append to X-Forwarded-For;
# the client address is read that many hops from the right, never the left.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# node_modules is filled by `npm ci` from the committed package-lock.json; only
# the built distributions are exposed as static files.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/idb", BASE_DIR / "node_modules/idb/build"),
    ("vendor/chart.js", BASE_DIR / "node_modules/chart.js/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Request size: the body of a request without its files (forms, JSON) may be
# at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (larger answers 400); uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, and each upload field has
# its own limit (screenshots, NIP lists). The proxy's body limit should match.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# Longest text accepted in a free-text field without a limit of its own
# (descriptions, Markdown of tutorial steps, minutes): forms and API enforce it,
# the database columns stay unlimited.
TEXT_MAX_LENGTH = env.int("TEXT_MAX_LENGTH", default=20_000)

# --- Forms ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kompeten Medan <noreply@pemkomedan.go.id>")

# --- REST framework -----------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate challenge from the first class, so a
    # request without credentials is answered 401 (`WWW-Authenticate: Token`), not 403.
    # Session authentication stays for the browser (and still enforces CSRF).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenWithEmployeeAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Lists filter in their selectors, through django-filter FilterSets (a view names
    # its `filterset_class` for the schema only); no backend filters a second time.
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "asn_competency.common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "asn_competency.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kompeten Medan API",
    "DESCRIPTION": "Competency development of the ASN of Pemkot Medan and citizen feedback.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Celery -------------------------------------------------------------------
# With REDIS_URL: Redis is broker and result store. Without: kombu's
# filesystem transport, so `make run` needs no server yet runs a real worker.
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is down (the web request goes on and
# the outbox relays later, see asn_competency.common.outbox): a short connection
# timeout and few publish retries. Celery's defaults made `.delay()` hang ~20 s.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
if REDIS_URL:
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
        # Longer than the worker's 1 s BRPOP poll, short enough not to hang a publish.
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5.0),
        # An unacknowledged message (acks_late) returns to the queue this long after
        # its worker died: matched to the longest job (the task time limit) plus a
        # margin, so a job still running is never delivered twice. Dead workers' jobs
        # are picked up much sooner by their leases (see evaluation report runs).
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60),
        # One quick retry when connecting to publish (kombu waits 2 s between tries by default).
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5.0)
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
    }
else:
    _broker_dir = Path(env("CELERY_FS_BROKER_DIR", default=str(DATA_DIR / "broker")))
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{(DATA_DIR / 'results').as_posix()}"
    # Neither kombu nor Celery create these folders; a fresh clone has none.
    for _folder in (_broker_dir / "control", DATA_DIR / "results"):
        _folder.mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# Transactional outbox (asn_competency.common.outbox): after a failed publish this
# process stops trying for OUTBOX_RETRY_SECONDS (rows wait; the beat relay sends
# them); the relay takes rows older than OUTBOX_RELAY_AFTER_SECONDS (younger ones
# are being sent by their own request); sent rows are kept OUTBOX_KEEP_DAYS.
# common.db.insert_linked (the public submission's one statement) prepares its
# statements once per database session. Off behind a PgBouncer in transaction
# pooling mode (a prepared statement belongs to a server session).
INSERT_LINKED_PREPARED = env.bool("INSERT_LINKED_PREPARED", default=True)
OUTBOX_RETRY_SECONDS = env.float("OUTBOX_RETRY_SECONDS", default=10)
# Connect and socket timeout of publishing (web requests wait at most about this long).
OUTBOX_PUBLISH_TIMEOUT = env.float("OUTBOX_PUBLISH_TIMEOUT", default=1.0)
OUTBOX_RELAY_AFTER_SECONDS = env.float("OUTBOX_RELAY_AFTER_SECONDS", default=30)
# Busy public write paths (outbox.relay_soon) leave publishing to the worker, which
# relays their rows at most this many seconds after their commit.
OUTBOX_RELAY_SOON_SECONDS = env.float("OUTBOX_RELAY_SOON_SECONDS", default=1.0)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)

# The evaluation dashboard's summary: how far back the ten-minute refresh looks.
EVALUATION_SUMMARY_RECENT_DAYS = env.int("EVALUATION_SUMMARY_RECENT_DAYS", default=120)

# Every periodic job of the system, in one place.
CELERY_BEAT_SCHEDULE = {
    "common-heartbeat": {
        "task": "common.heartbeat",
        "schedule": crontab(minute="*/15"),
    },
    # Outbox rows whose publish failed (broker down): sent once the broker is back.
    "common-outbox-relay": {"task": "common.outbox_relay", "schedule": 60.0},
    "common-outbox-purge": {"task": "common.outbox_purge", "schedule": crontab(hour=3, minute=45)},
    # The JP summaries of the 20-JP report and the dashboard (ledger writes also queue
    # their ASN's refresh; this catches transfers, departures and target changes).
    "training-jp-summary-refresh": {"task": "training.jp_summary_refresh", "schedule": crontab(minute="*/10")},
    # The day-before reminders of training sessions (idempotent, so a second run sends nothing).
    "training-session-reminders": {
        "task": "training.send_session_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Certificates whose completion hook could not queue them, and PDFs not drawn yet.
    "certificates-issue-missing": {
        "task": "certificates.issue_missing",
        "schedule": crontab(hour=2, minute=30),
    },
    "feedback-ikm-refresh": {
        "task": "feedback.ikm_refresh",
        "schedule": crontab(hour=1, minute=30),
    },
    # The IKM summary table (whole-city figures): closed days and months not summarised yet.
    "feedback-ikm-summary-refresh": {"task": "feedback.ikm_summary_refresh", "schedule": 300.0},
    # The whole city's status counts of BKPSDM's staff list (feedback.FeedbackStatusCount).
    "feedback-status-counts-refresh": {"task": "feedback.status_counts_refresh", "schedule": 60.0},
    "feedback-auto-close": {
        "task": "feedback.auto_close",
        "schedule": crontab(hour=1, minute=15),
    },
    "feedback-overdue-digest": {
        "task": "feedback.overdue_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # Evaluation: survey invitations after sessions end, reminders, supervisor
    # follow-ups, and the program-revision reports of the periods just ended.
    "evaluation-open-surveys": {"task": "evaluation.open_surveys", "schedule": crontab(minute=10)},
    "evaluation-survey-reminders": {"task": "evaluation.send_survey_reminders", "schedule": crontab(hour=8, minute=0)},
    "evaluation-follow-ups": {"task": "evaluation.schedule_follow_ups", "schedule": crontab(hour=8, minute=15)},
    # Bulk enrolment jobs whose worker died (no row processed for the lease) are queued again.
    "planning-recover-bulk-jobs": {"task": "planning.recover_bulk_jobs", "schedule": 60.0},
    # Announcements whose delivery worker died (lease expired) are queued again.
    "announcements-recover": {"task": "announcements.recover", "schedule": 60.0},
    # Report runs whose worker died (lease expired) are queued again within minutes.
    "evaluation-recover-report-runs": {"task": "evaluation.recover_report_runs", "schedule": 60.0},
    # The training-needs figures (planning.NeedsFigure); saving assessments also queues it.
    "planning-needs-summary-refresh": {"task": "planning.needs_summary_refresh", "schedule": crontab(minute="*/5")},
    # The dashboard's summary of enrolments, survey answers and tests (the page says as of
    # when): the sessions of the last EVALUATION_SUMMARY_RECENT_DAYS every ten minutes
    # (surveys, tests and completions arrive in the weeks after a session), all of it nightly.
    "evaluation-summary-refresh": {
        "task": "evaluation.summary_refresh",
        "schedule": crontab(minute="*/10"),
        "args": (EVALUATION_SUMMARY_RECENT_DAYS,),
    },
    "evaluation-summary-rebuild": {"task": "evaluation.summary_refresh", "schedule": crontab(hour=1, minute=45)},
    "evaluation-period-reports": {
        "task": "evaluation.generate_period_reports",
        "schedule": crontab(day_of_month=1, hour=2, minute=0),
    },
    # Community: the day-before reminders of consultation meetings (idempotent).
    "community-meeting-reminders": {"task": "community.send_meeting_reminders", "schedule": crontab(hour=7, minute=5)},
    # Notifications: one e-mail a day for those who chose the daily digest.
    "notifications-daily-digest": {"task": "notifications.send_daily_digests", "schedule": crontab(hour=6, minute=30)},
}

# --- Training -----------------------------------------------------------------
# Dotted paths of `check(enrollment) -> str | None`; a message blocks completion
# (evaluation registers "post-test passed" here).
TRAINING_COMPLETION_CHECKS: list[str] = ["evaluation.services.prepost.post_test_passed"]
# Dotted paths of `hook(enrollment_id: int)`, run inside the transaction that
# records a completion; a hook queues background work with
# asn_competency.common.outbox.enqueue (certificates register their generation here).
TRAINING_COMPLETION_HOOKS: list[str] = ["certificates.hooks.certificate_on_completion"]
# Dotted paths of `hook(session_id: int)`, called inside the transaction that closes
# a session (evaluation opens the session's surveys right after it commits).
TRAINING_SESSION_CLOSED_HOOKS: list[str] = ["evaluation.hooks.surveys_on_session_closed"]
# Share of session days an ASN must attend to complete a training.
TRAINING_ATTENDANCE_MIN_SHARE = env.float("TRAINING_ATTENDANCE_MIN_SHARE", default=0.8)
# Minutes per JP (jam pelajaran) and the yearly JP target per employment type.
# QR self check-in: the code on the screen changes every TRAINING_CHECK_IN_SLOT_SECONDS
# and a scanned code is accepted up to TRAINING_CHECK_IN_MAX_AGE_SECONDS after its slot
# began; a check-in later than the day's start plus TRAINING_CHECK_IN_LATE_AFTER_MINUTES
# is flagged late.
TRAINING_CHECK_IN_SLOT_SECONDS = env.int("TRAINING_CHECK_IN_SLOT_SECONDS", default=30)
TRAINING_CHECK_IN_MAX_AGE_SECONDS = env.int("TRAINING_CHECK_IN_MAX_AGE_SECONDS", default=60)
TRAINING_CHECK_IN_LATE_AFTER_MINUTES = env.int("TRAINING_CHECK_IN_LATE_AFTER_MINUTES", default=15)
# External training claims: the largest certificate file (PDF or image) accepted.
TRAINING_CLAIM_MAX_UPLOAD_BYTES = env.int("TRAINING_CLAIM_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
JP_MINUTES = env.int("JP_MINUTES", default=45)
JP_YEARLY_TARGET = {"pns": 20, "pppk": 20}
# Stable OpenAPI names for training choice sets whose field names ("kind",
# "status") other apps use too.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "ProgramKindEnum": "training.models.Program.Kind",
        "SessionStatusEnum": "training.models.Session.Status",
        "TopicStatusEnum": "community.models.Topic.Status",
        "LearningPathStatusEnum": "paths.models.LearningPath.Status",
        "AnnouncementStatusEnum": "announcements.models.Announcement.Status",
        "LearningPathFromLevelEnum": "paths.models.FROM_LEVEL_CHOICES",
    }
)

# --- Certificates (certificates) -------------------------------------------------
# Numbers read PREFIX/YEAR/SERIAL, e.g. KM/2026/000123.
CERTIFICATES_NUMBER_PREFIX = env("CERTIFICATES_NUMBER_PREFIX", default="KM")
CERTIFICATES_ISSUER = env("CERTIFICATES_ISSUER", default="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
CERTIFICATES_SIGNER_NAME = env("CERTIFICATES_SIGNER_NAME", default="Kepala BKPSDM Kota Medan")
CERTIFICATES_SIGNER_NIP = env("CERTIFICATES_SIGNER_NIP", default="")
# Look-ups of the public verification page per client address; empty turns the limit off.
CERTIFICATES_VERIFY_RATE_LIMIT = env("CERTIFICATES_VERIFY_RATE_LIMIT", default="60/m")

# --- Training planning (bulk enrolment, JP report, competency gaps) --------------
# Largest NIP list accepted in one upload (rows), and its size in bytes.
PLANNING_BULK_MAX_ROWS = env.int("PLANNING_BULK_MAX_ROWS", default=5000)
# A running bulk job that processed no row for this long lost its worker and is queued again.
PLANNING_BULK_LEASE_SECONDS = env.int("PLANNING_BULK_LEASE_SECONDS", default=120)
# Announcements: people per delivery batch (one transaction, one INSERT of notices)
# and the lease after which a delivery whose worker stopped is taken over.
ANNOUNCEMENT_BATCH_SIZE = env.int("ANNOUNCEMENT_BATCH_SIZE", default=500)
ANNOUNCEMENT_LEASE_SECONDS = env.int("ANNOUNCEMENT_LEASE_SECONDS", default=120)
PLANNING_UPLOAD_MAX_BYTES = env.int("PLANNING_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024)

# --- E-government tutorials and workshops (tutorials, workshops) -----------------
# Screenshots of tutorial steps: largest file and picture accepted (PNG, JPEG, WebP).
TUTORIALS_SCREENSHOT_MAX_BYTES = env.int("TUTORIALS_SCREENSHOT_MAX_BYTES", default=2 * 1024 * 1024)
TUTORIALS_SCREENSHOT_MAX_PIXELS = env.int("TUTORIALS_SCREENSHOT_MAX_PIXELS", default=16_000_000)
# "I am stuck" reports per ASN account ("10/h"); empty turns the limit off.
TUTORIALS_STUCK_RATE_LIMIT = env("TUTORIALS_STUCK_RATE_LIMIT", default="10/h")
# Days after a workshop ends during which participants may still change their action plan.
WORKSHOPS_ACTION_PLAN_EDIT_DAYS = env.int("WORKSHOPS_ACTION_PLAN_EDIT_DAYS", default=14)

# --- Feedback (citizen feedback, IKM) -------------------------------------------
# Submissions per client address ("5/m", "100/h"); empty turns the limit off.
FEEDBACK_RATE_LIMIT = env("FEEDBACK_RATE_LIMIT", default="5/m")
# Tracking-code look-ups per client address (slows down guessing).
FEEDBACK_TRACK_RATE_LIMIT = env("FEEDBACK_TRACK_RATE_LIMIT", default="30/m")
# Kiosks (tablets at service counters): submissions per kiosk device (instead
# of per address; empty turns the limit off), pairing attempts per address,
# how long a pairing code and the tablet's cookie stay valid, and the idle
# seconds after which the kiosk form is reset to a blank form.
FEEDBACK_KIOSK_RATE_LIMIT = env("FEEDBACK_KIOSK_RATE_LIMIT", default="60/h")
FEEDBACK_KIOSK_PAIR_RATE_LIMIT = env("FEEDBACK_KIOSK_PAIR_RATE_LIMIT", default="10/h")
FEEDBACK_KIOSK_PAIRING_HOURS = env.int("FEEDBACK_KIOSK_PAIRING_HOURS", default=72)
FEEDBACK_KIOSK_COOKIE_DAYS = env.int("FEEDBACK_KIOSK_COOKIE_DAYS", default=400)
FEEDBACK_KIOSK_COOKIE_NAME = "km_kiosk"
FEEDBACK_KIOSK_IDLE_SECONDS = env.int("FEEDBACK_KIOSK_IDLE_SECONDS", default=60)
FEEDBACK_VERIFY_WORKING_DAYS = env.int("FEEDBACK_VERIFY_WORKING_DAYS", default=3)
FEEDBACK_ANSWER_WORKING_DAYS = env.int("FEEDBACK_ANSWER_WORKING_DAYS", default=5)
# Answered feedback without follow-up is closed after this many working days (0: never).
FEEDBACK_AUTO_CLOSE_WORKING_DAYS = env.int("FEEDBACK_AUTO_CLOSE_WORKING_DAYS", default=10)
# After the unit's answer the citizen may reopen the feedback for this many working days
# (auto-close never comes sooner); at most FEEDBACK_MAX_REOPENINGS times.
FEEDBACK_REOPEN_WORKING_DAYS = env.int("FEEDBACK_REOPEN_WORKING_DAYS", default=5)
FEEDBACK_MAX_REOPENINGS = env.int("FEEDBACK_MAX_REOPENINGS", default=3)
# Replies, ratings and reopenings from the tracking page, per client address; empty turns it off.
FEEDBACK_FOLLOW_UP_RATE_LIMIT = env("FEEDBACK_FOLLOW_UP_RATE_LIMIT", default="10/h")
FEEDBACK_RATING_COMMENT_MAX_LENGTH = 1000
# Below this many responses an IKM figure carries a warning.
FEEDBACK_IKM_MIN_SAMPLE = env.int("FEEDBACK_IKM_MIN_SAMPLE", default=30)
# IKM figures of closed periods stay cached this long (a late submission into one of
# their months, or the nightly refresh, drops them sooner); figures of a period that
# includes today at most FEEDBACK_IKM_LIVE_CACHE_SECONDS (and a new submission drops them).
FEEDBACK_IKM_CACHE_SECONDS = env.int("FEEDBACK_IKM_CACHE_SECONDS", default=26 * 3600)
FEEDBACK_IKM_LIVE_CACHE_SECONDS = env.int("FEEDBACK_IKM_LIVE_CACHE_SECONDS", default=60)
# A day or month enters the IKM summary table this long after it ended (the worker
# summarises it every five minutes); until then, and today always, figures are read
# from the feedback rows themselves.
FEEDBACK_IKM_SUMMARY_GRACE_SECONDS = env.int("FEEDBACK_IKM_SUMMARY_GRACE_SECONDS", default=600)
# BKPSDM's staff list shows the city's status counts from the worker's snapshot (taken
# every minute) while it is at most this old; an older one (worker down) is not used.
FEEDBACK_STATUS_COUNTS_MAX_AGE_SECONDS = env.int("FEEDBACK_STATUS_COUNTS_MAX_AGE_SECONDS", default=180)
FEEDBACK_MESSAGE_MAX_LENGTH = env.int("FEEDBACK_MESSAGE_MAX_LENGTH", default=4000)
FEEDBACK_MAX_BODY_BYTES = env.int("FEEDBACK_MAX_BODY_BYTES", default=32 * 1024)
# The public write path keeps the units that take feedback and their services in each
# web process's memory this long (the INSERT itself re-checks that they are still
# active, so a change is never missed: see feedback.selectors.public_unit_cached).
FEEDBACK_UNIT_CACHE_SECONDS = env.int("FEEDBACK_UNIT_CACHE_SECONDS", default=60)
# A form filled in offline is sent later with the time it was made (submitted_at): accepted
# up to this many days old, and at most FEEDBACK_OFFLINE_CLOCK_SKEW_SECONDS in the future
# (a device clock running a little fast).
FEEDBACK_OFFLINE_MAX_AGE_DAYS = env.int("FEEDBACK_OFFLINE_MAX_AGE_DAYS", default=7)
FEEDBACK_OFFLINE_CLOCK_SKEW_SECONDS = env.int("FEEDBACK_OFFLINE_CLOCK_SKEW_SECONDS", default=300)
# Distinct names for the feedback app's choice sets in the OpenAPI schema.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "FeedbackKindEnum": "feedback.models.Feedback.Kind",
        "FeedbackStatusEnum": "feedback.models.Feedback.Status",
        "FeedbackActionEnum": "feedback.models.FeedbackEvent.Action",
    }
)

# --- Community (forums, consultation meetings) ---------------------------------
# Posting limits per account (or per address for guests); an empty value turns a limit off.
COMMUNITY_POST_RATE_LIMIT = env("COMMUNITY_POST_RATE_LIMIT", default="10/h")
COMMUNITY_SIGNUP_RATE_LIMIT = env("COMMUNITY_SIGNUP_RATE_LIMIT", default="5/h")
COMMUNITY_REGISTRATION_RATE_LIMIT = env("COMMUNITY_REGISTRATION_RATE_LIMIT", default="10/h")
COMMUNITY_REPORT_RATE_LIMIT = env("COMMUNITY_REPORT_RATE_LIMIT", default="20/h")
# A post is hidden, pending review, once this many accounts have reported it.
COMMUNITY_AUTO_HIDE_REPORTS = env.int("COMMUNITY_AUTO_HIDE_REPORTS", default=3)
COMMUNITY_PAGE_SIZE = env.int("COMMUNITY_PAGE_SIZE", default=20)

# --- Evaluation (surveys, tests, follow-ups, revision reports) ------------------
# Anonymity: survey results are shown (and rules applied) only for groups of at
# least this many responses.
EVALUATION_MIN_GROUP_SIZE = env.int("EVALUATION_MIN_GROUP_SIZE", default=5)
# Defaults for programs without their own evaluation settings.
EVALUATION_SURVEY_OPEN_DAYS = env.int("EVALUATION_SURVEY_OPEN_DAYS", default=14)
EVALUATION_FOLLOW_UP_DAYS = env.int("EVALUATION_FOLLOW_UP_DAYS", default=90)
EVALUATION_POST_TEST_PASS_SCORE = env.int("EVALUATION_POST_TEST_PASS_SCORE", default=60)
# Report runs hold a lease renewed by a heartbeat every quarter of this period; a
# run whose lease expired (its worker died) is queued again by the next request or
# the beat job `evaluation.recover_report_runs`, at most this many attempts.
EVALUATION_REPORT_LEASE_SECONDS = env.int("EVALUATION_REPORT_LEASE_SECONDS", default=120)
# A report run of at least this many sessions gathers its figures on two database
# connections at once (the second one's setup is not worth it for a small period).
EVALUATION_REPORT_PARALLEL_MIN_SESSIONS = env.int("EVALUATION_REPORT_PARALLEL_MIN_SESSIONS", default=300)
EVALUATION_REPORT_MAX_ATTEMPTS = env.int("EVALUATION_REPORT_MAX_ATTEMPTS", default=3)
# A run writes its progress (percent and step, shown to the browser) at most this
# often: each write is a committed UPDATE, a fixed cost a small report cannot hide.
EVALUATION_REPORT_PROGRESS_SECONDS = env.float("EVALUATION_REPORT_PROGRESS_SECONDS", default=0.5)
# Reminder to non-respondents this many days before the survey closes.
EVALUATION_SURVEY_REMINDER_DAYS = env.int("EVALUATION_SURVEY_REMINDER_DAYS", default=3)
# Sessions that ended within this many days still get their survey invitations.
EVALUATION_SURVEY_LOOKBACK_DAYS = env.int("EVALUATION_SURVEY_LOOKBACK_DAYS", default=30)
# Thresholds of the revision rules (a finding when a figure crosses them).
EVALUATION_RULES = {
    "dimension_min_mean": env.float("EVALUATION_DIMENSION_MIN_MEAN", default=3.5),
    "gain_min": env.float("EVALUATION_GAIN_MIN", default=0.3),
    "gain_min_participants": env.int("EVALUATION_GAIN_MIN_PARTICIPANTS", default=5),
    "response_rate_min": env.float("EVALUATION_RESPONSE_RATE_MIN", default=0.5),
    "follow_up_min_mean": env.float("EVALUATION_FOLLOW_UP_MIN_MEAN", default=3.0),
    "follow_up_min_count": env.int("EVALUATION_FOLLOW_UP_MIN_COUNT", default=3),
    "stuck_reports_per_step": env.int("EVALUATION_STUCK_REPORTS_PER_STEP", default=10),
    "citizen_complaints": env.int("EVALUATION_CITIZEN_COMPLAINTS", default=5),
    "forum_topics": env.int("EVALUATION_FORUM_TOPICS", default=3),
    "meeting_outcomes": env.int("EVALUATION_MEETING_OUTCOMES", default=1),
}

# --- Demo data ----------------------------------------------------------------
# Modules with a `seed(*, out)` function, run in this order by `seed_demo`.
DEMO_SEEDERS = [
    "accounts.demo",
    "training.demo",
    "certificates.demo",
    "planning.demo",
    "tutorials.demo",
    "workshops.demo",
    "feedback.demo",
    "community.demo",
    "evaluation.demo",
    "notifications.demo",
    "announcements.demo",
    "paths.demo",
    "training.demo_summaries",  # last: the summaries of what the others wrote
]

# --- Security (tightened further in production.py) ----------------------------
SESSION_COOKIE_HTTPONLY = True
# A signed-in session lasts this many seconds from the log-in (default 8 hours:
# one working day of staff work; Django's own default is two weeks). Signing in
# again after that is the price of a shared office PC left signed in.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CSRF_COOKIE_HTTPONLY = True  # htmx takes the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# django-csp 4: everything from our own origin; no inline scripts.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Bootstrap progress bars and htmx indicators use style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Failed log-ins and lockouts are warnings; every success is not news.
        "axes": {"level": env("AXES_LOG_LEVEL", default="WARNING")},
    },
}
