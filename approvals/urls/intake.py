"""Intake (A4), the worklists (A12) and one-time window filing (A11), in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import intake as views

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),  # first: the busiest page of the hall
    path("<id:pk>/intake/", views.intake, name="intake"),
    path("worklist/awaiting/", views.awaiting, name="awaiting"),
    path("window-filing/", views.window_filing, name="window_filing"),
]
