"""firesvc: the project package and the shared kernel (org, audit, calendar, clocks, documents)."""

from firesvc.celery import app as celery_app

__all__ = ("celery_app",)
