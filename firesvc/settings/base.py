"""Settings shared by every environment. Values come from the environment (``env.py``)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from firesvc.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("FIRESVC_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "")  # production.py insists on a real one
ALLOWED_HOSTS: list[str] = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # django-axes (login throttling: lock a username + address pair after repeated failures), named in Chinese
    "firesvc.security.axes_app.AxesConfig",
    "firesvc.accounts",
    "firesvc.audit",
    "firesvc.core",
    "firesvc.security",
    "firesvc.workcalendar",
    "firesvc.notifications",
    "firesvc.sla",
    "firesvc.stats",
    "firesvc.reviews",
    "enterprises",
    "approvals",
    "feedback",
    "feedback.hazard_reports",
    "enterprises.safety",
]

MIDDLEWARE = [
    "firesvc.core.logging.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "firesvc.core.middleware.PortalLocaleMiddleware",
    "firesvc.core.middleware.PortalCommonMiddleware",  # Django's, with JSON answers for /api/ paths without "/"
    "firesvc.documents.links.PortalAddressMiddleware",  # development: links follow the address that served
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "firesvc.security.middleware.DeniedAccessMiddleware",  # security event for every 403 answer
    "firesvc.security.middleware.DownloadHardeningMiddleware",  # files: attachment + nosniff
    "firesvc.security.middleware.UnusableInputMiddleware",  # NUL, numbers/dates out of range: 400, not 500
    "firesvc.accounts.middleware.ForcedPasswordChangeMiddleware",  # after an administrator's reset
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "firesvc.urls"
WSGI_APPLICATION = "firesvc.wsgi.application"

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
                "firesvc.core.context_processors.portal",
                "firesvc.notifications.context_processors.inbox",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before a request reuses it: after a database restart the
        # next request opens a new one instead of failing (tests/faults/test_database_restart.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default runs the web server, a Celery worker and beat on one file (`make run`).
    # WAL lets readers go on while one connection writes; IMMEDIATE takes the write lock when a
    # transaction begins, so two writers queue for up to `timeout` seconds instead of one failing
    # with "database is locked" when a read lock cannot be upgraded (tests/firesvc/test_sqlite_concurrency.py).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Sessions are read from the cache (Redis in production) and written through to the database, which
# stays the source of truth: a flushed cache signs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The dashboard's counts of the days not yet rolled up, and its key units today, are kept this long in
# the shared cache rather than counted on every request: every server shows the same figure, at most
# this old. Invalidating on each counted write is impractical (transitions update rows in bulk).
# 0: counted on every request.
STATS_LIVE_CACHE_SECONDS = env_int("STATS_LIVE_CACHE_SECONDS", 60)
# Axes first: it refuses a locked-out username + address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "firesvc.security.spraying.AddressThrottleBackend",  # password spraying: failures per address alone
    "firesvc.accounts.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # No partial or orphan files when the disk is full; StorageFullError instead (firesvc/core/storage.py).
    "default": {"BACKEND": "firesvc.core.storage.PortalFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: uploads go through authorising views
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "firesvc@localhost")
SMS_BACKEND = env_str("SMS_BACKEND", "firesvc.core.sms.ConsoleSmsBackend")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Every error in one documented shape, and every status code an operation can answer in its schema
    # (firesvc.core.api_errors, firesvc.core.api_schema); the API answers JSON only (no browsable pages).
    "DEFAULT_SCHEMA_CLASS": "firesvc.core.api_schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "firesvc.core.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "消防服务 API",  # the product as its pages name it in Chinese (the docs page shows it)
    "DESCRIPTION": "消防行政审批与企业服务门户 API",
    "VERSION": "1",
    # Swagger UI from the installed sidecar package: no CDN, the portal works offline.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery -------------------------------------------------------------------------------
# Without CELERY_BROKER_URL / REDIS_URL the broker is kombu's filesystem transport under
# var/celery, so worker and beat work across processes on one machine with no Redis server.
_redis_url = env_str("REDIS_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", _redis_url or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"  # kombu's default is ./control, in whatever folder we run
    for _folder in (_queue_dir, _processed_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env_str(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'celery' / 'results'}",
)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Working days after its confirmation within which a major fire hazard is to be reported in writing to the
# people's government (消防法 §55); past them the unit's approvers are reminded once (beat, below).
MAJOR_HAZARD_REPORT_WORKDAYS = env_int("MAJOR_HAZARD_REPORT_WORKDAYS", 3)

# The one beat schedule. Each entry says what it enforces.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Heartbeat: proves that beat and a worker are alive (read by /healthz and the admin home).
    "heartbeat": {"task": "firesvc.core.tasks.heartbeat", "schedule": 60.0},
    # The API's Idempotency-Keys answer retries for 24 hours; older ones are forgotten.
    "expire-idempotency-keys": {"task": "firesvc.core.tasks.expire_idempotency_keys", "schedule": crontab(minute=20)},
    # Delivery of e-mail and SMS written to the outbox: retries what a crash or lost broker left.
    "deliver-outbox": {"task": "firesvc.notifications.tasks.deliver_outbox",
                       "schedule": float(env_int("OUTBOX_INTERVAL_SECONDS", 30)),
                       "options": {"expires": 25}},  # passes do not pile up while workers are down
    # SLA sweep (C3): reminders at yellow, escalation at red; the only guarantee of every timer.
    "sla-sweep": {"task": "firesvc.sla.tasks.sla_sweep", "schedule": float(env_int("SLA_SWEEP_SECONDS", 60))},
    # B6 ten-minute promise: citizen hazard reports unacknowledged at ack_due_at escalate to the brigade.
    "hazard-report-escalation": {"task": "hazard_reports.escalate_unacknowledged",
                                 "schedule": float(env_int("HAZARD_ESCALATION_SECONDS", 60))},
    # Appointment reminders the day before (A9); idempotent through reminded_at.
    "appointment-reminders": {"task": "approvals.tasks.send_appointment_reminders", "schedule": crontab(minute=5)},
    # 行政许可法 §32: a submission without a one-time notice within 5 working days counts as accepted.
    "deem-overdue-intakes": {"task": "approvals.tasks.deem_overdue_intakes", "schedule": 300.0},
    # Statistics (C6): roll up every closed day at night; later days are counted live by the dashboard.
    "stats-rollup": {"task": "firesvc.stats.rollup", "schedule": crontab(hour=1, minute=30)},
    # Daily from 1 November: warn administrators when next year's official calendar is missing (C2).
    "calendar-next-year-check": {"task": "firesvc.workcalendar.tasks.check_next_year_calendar",
                                 "schedule": crontab(hour=8, minute=0)},
    # E6: rectification orders past their deadline escalate to the approver and fall due for re-check.
    "rectification-overdue": {"task": "safety.sweep_overdue_rectifications", "schedule": crontab(minute=10)},
    # 消防法 §55: a confirmed major fire hazard not reported to the people's government within
    # MAJOR_HAZARD_REPORT_WORKDAYS reminds the unit's approvers, once (government_report_reminded_at).
    "major-hazard-report-reminders": {"task": "safety.remind_unreported_major_hazards",
                                      "schedule": crontab(minute=40)},
    # 好差评 (C13): a case completed unrated for 3 days gets one invitation (inbox and SMS); idempotent.
    "review-invitations": {"task": "firesvc.reviews.tasks.invite_unrated", "schedule": crontab(minute=20)},
}

# Logs: JSON lines on stdout in production (the container runtime keeps them)
# (LOG_FORMAT=json, one object per line with the request id), a readable line locally.
LOG_FORMAT = env_str("LOG_FORMAT", "console")
if LOG_FORMAT not in ("console", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be 'console' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "firesvc.core.logging.RequestIdFilter"}},
    "formatters": {
        "console": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "firesvc.core.logging.JsonFormatter"},
    },
    # stderr here (a command's stdout stays its output); production.py sends the lines to stdout.
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes.apps: its start-up banner on every manage.py command is noise.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes.apps": {"level": "WARNING"}},
}

# --- /healthz -----------------------------------------------------------------------------
HEALTHZ_BROKER_TIMEOUT = float(env_int("HEALTHZ_BROKER_TIMEOUT_SECONDS", 2))
# The sweep and the heartbeat run every minute: three missed runs mean beat or the workers are down.
HEALTHZ_HEARTBEAT_MAX_AGE = env_int("HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS", max(180, 3 * env_int("SLA_SWEEP_SECONDS", 60)))

# --- Login throttling (django-axes) -------------------------------------------------------
# A username is locked from one address after AXES_FAILURE_LIMIT failures in a row, for
# AXES_COOLOFF_MINUTES; other addresses (the real user at the office) can still sign in.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "firesvc.security.views.lockout_response"  # a clear page, 429
# Password spraying (one password against many usernames) never locks a username + address pair:
# failures also count per address alone, and past this many in the window the address cannot sign
# in (firesvc/security/spraying.py). High enough for an office behind one address.
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 30)
SIGN_IN_ADDRESS_WINDOW_MINUTES = env_int("SIGN_IN_ADDRESS_WINDOW_MINUTES", 15)
# Password reset by a code (firesvc/security/password_reset.py).
PASSWORD_RESET_CODE_MINUTES = env_int("PASSWORD_RESET_CODE_MINUTES", 15)
PASSWORD_RESET_CODES_PER_HOUR = env_int("PASSWORD_RESET_CODES_PER_HOUR", 3)  # per account
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env_int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 10)
# Every rate limit (sign-in, the public forms, the API token) counts the address that
# firesvc.security.client_address.client_address reads, driven by TRUSTED_PROXY_COUNT below.
AXES_CLIENT_IP_CALLABLE = "firesvc.security.client_address.client_address"

# --- The client's address behind reverse proxies ------------------------------------------
# The number of reverse proxies in front of gunicorn that append the address they received the
# request from to X-Forwarded-For (one nginx: 1). 0, the default, ignores the header: without a
# proxy a client could choose its own address, and so its own rate-limit bucket. Behind a proxy,
# leaving it at 0 puts every resident in the proxy's one bucket. docs/operations.md.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
for _renamed in ("AXES_IPWARE_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER"):
    if os.environ.get(_renamed, "") not in ("", "0", "REMOTE_ADDR"):  # an old .env: refuse, not ignore it
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{_renamed} is replaced by TRUSTED_PROXY_COUNT (docs/operations.md).")

# --- Content Security Policy (django-csp 4) -----------------------------------------------
# No inline script anywhere (behaviour lives in static/js/*.js); inline styles stay allowed
# (docs/security.md explains why); QR codes are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The 长辈版 (large text, high contrast) display is on while this cookie says "1" (firesvc.core.views.elder_mode).
ELDER_MODE_COOKIE_NAME = "firesvc_elder"

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "firesvc-demo")
# The portal's public address (e.g. https://portal.example.cn), for QR codes and links in PDFs, e-mails and
# text messages (firesvc.documents.links). Required in production; unset in development, links follow the
# address that served the request, and outside a request (the worker's e-mails) PORTAL_DEFAULT_URL.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "")
PORTAL_DEFAULT_URL = f"http://127.0.0.1:{env_str('PORT', '8000')}"
# The public page where a printed document's 核验码 is typed (firesvc.documents.verification): it finds every
# kind of document that carries one.
DOCUMENT_VERIFY_URL_NAME = "approvals:verify"
