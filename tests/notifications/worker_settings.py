"""Settings of the worker process in the notification integration tests.

The test settings, except that the e-mail and SMS backends and the sending lease come from
the environment (``firesvc.settings.test`` pins the backends to in-memory ones, which a
test cannot see in another process).
"""

from firesvc.settings.env import env_int, env_str
from firesvc.settings.test import *  # noqa: F403
from firesvc.settings.test import EMAIL_BACKEND as _TEST_EMAIL_BACKEND
from firesvc.settings.test import SMS_BACKEND as _TEST_SMS_BACKEND

EMAIL_BACKEND = env_str("EMAIL_BACKEND", _TEST_EMAIL_BACKEND)
SMS_BACKEND = env_str("SMS_BACKEND", _TEST_SMS_BACKEND)
NOTIFICATIONS_SENDING_LEASE_SECONDS = env_int("NOTIFICATIONS_SENDING_LEASE_SECONDS", 300)
