"""Settings of the two gunicorns that tests/ops/test_two_servers.py starts behind nginx.

The test settings, plus what several web servers share in production: the PostgreSQL database
(DATABASE_URL, given by the test), one Redis cache (CACHE_URL and a key prefix of the test's own)
and one nginx in front (TRUSTED_PROXY_COUNT=1, from the environment as in production). Sessions
are ``cached_db`` as everywhere. The public form's per-address limit is lowered so the test hits it.
"""

import os

from firesvc.settings.test import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": os.environ["CACHE_URL"], "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"]}}
HAZARD_REPORT_RATE_LIMITS = {"ip": (2, 3600), "phone": (1_000, 86400)}
