"""Security event log (logins, failures, logouts, denied access, lockouts) and login throttling glue.

Append-only rows written by signal receivers (``signals.py``) and by ``DeniedAccessMiddleware``;
read by administrators (admin, read-only) and by administrators and supervisors at ``/security/``.
"""
