"""Window consultations (A5), in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import window_consultations as views

urlpatterns = [
    path("consultations/", views.consultations, name="consultations"),
]
