"""Test settings: SQLite by default; DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL/Redis."""

import os

from firesvc.settings.base import *  # noqa: F403
from firesvc.settings.base import STORAGES
from firesvc.settings.env import env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-not-secret")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "firesvc.core.sms.MemorySmsBackend"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Without a Redis URL, tests enqueue into memory: nothing is written under var/celery.
if not os.environ.get("CELERY_BROKER_URL") and not os.environ.get("REDIS_URL"):
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    CELERY_RESULT_BACKEND = "cache+memory://"

# The suite signs in with client.login()/force_login (no request for axes to inspect): throttling
# is off here and switched on with override_settings(AXES_ENABLED=True) in tests/security.
AXES_ENABLED = False
