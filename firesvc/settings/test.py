"""Test settings: SQLite by default; DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL/Redis."""

import os

# Under pytest-xdist each test process gets its own Redis database for the broker (15, 14, …), so
# the real Celery workers that integration tests start never take another process's tasks. Set
# before the base settings read the variable; the marker keeps a worker subprocess (which inherits
# PYTEST_XDIST_WORKER) from moving again.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_broker = os.environ.get("CELERY_BROKER_URL", "")
if _xdist_worker.startswith("gw") and _broker.startswith("redis") and not os.environ.get("FIRESVC_TEST_BROKER_SPLIT"):
    _prefix, _slash, _db = _broker.rpartition("/")
    if _slash and _db.isdigit():
        os.environ["CELERY_BROKER_URL"] = f"{_prefix}/{max(0, int(_db) - int(_xdist_worker[2:]))}"
    os.environ["FIRESVC_TEST_BROKER_SPLIT"] = "1"

from firesvc.settings.base import *  # noqa: E402, F403
from firesvc.settings.base import STORAGES  # noqa: E402
from firesvc.settings.env import env_str  # noqa: E402

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-not-secret")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "firesvc.core.sms.MemorySmsBackend"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A test reads the figures it has just written; tests/stats/test_dashboard_cost.py turns the cache on.
STATS_LIVE_CACHE_SECONDS = 0

# Without a Redis URL, tests enqueue into memory: nothing is written under var/celery.
if not os.environ.get("CELERY_BROKER_URL") and not os.environ.get("REDIS_URL"):
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    CELERY_RESULT_BACKEND = "cache+memory://"

# The suite signs in with client.login()/force_login (no request for axes to inspect): throttling
# is off here and switched on with override_settings(AXES_ENABLED=True) in tests/security.
AXES_ENABLED = False
