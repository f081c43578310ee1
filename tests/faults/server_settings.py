"""Settings of the gunicorn that the fault tests start: the test settings, as production runs them.

Persistent database connections (``DB_CONN_MAX_AGE``, 60 in docker-compose) are the case that
must survive a database restart; the burst of hazard reports comes from one address, so the
per-address limit of the public form is lifted (it is tested in tests/hazard_reports).
"""

from firesvc.settings.test import *  # noqa: F403

HAZARD_REPORT_RATE_LIMITS = {"ip": (1_000_000, 3600), "phone": (1_000_000, 86400)}
