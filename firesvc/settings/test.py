"""Test settings: SQLite by default; DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL/Redis."""

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
