"""REST API of filings (C9), mounted at /api/v1/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
