"""Early intervention (A10). Included by ``approvals.urls`` at early-interventions/ (``approvals`` namespace)."""

from django.urls import path

from approvals.views import early as views

urlpatterns = [
    path("", views.early_interventions, name="early_interventions"),
    path("<id:pk>/link/", views.early_intervention_link, name="early_intervention_link"),
]
