"""The Celery app. Configuration (broker, limits, the one beat schedule) lives in settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firesvc.settings.local")

app = Celery("firesvc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
