"""The filing pre-check (A2). Included by ``approvals.urls`` in the ``approvals`` namespace (no ``app_name``)."""

from django.urls import path

from approvals.views import precheck as views

urlpatterns = [
    path("", views.precheck, name="precheck"),
]
