"""Embedded defaults for a newcomer: SQLite, filesystem Celery broker, console e-mail and SMS."""

from firesvc.settings.base import *  # noqa: F403
from firesvc.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "local-development-only-not-secret")
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
