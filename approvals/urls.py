"""URLs of the approvals app, one module per area so that each stays small.

All names live in the ``approvals`` namespace.
"""

from django.urls import include, path

app_name = "approvals"
urlpatterns = [
    path("", include("approvals.urls_filing")),  # filing, intake, worklists, consultations
    path("", include("approvals.urls_public")),  # catalogue, service guides, form packs, notice PDFs and verification
    path("appointments/", include("approvals.urls_appointments")),  # window appointments (A9)
    path("precheck/", include("approvals.urls_precheck")),  # filing pre-check questionnaire (A2)
    path("", include("approvals.urls_review")),  # review, inspection, decision, time-limit changes (A6, A8)
    path("parallel/", include("approvals.urls_parallel")),  # parallel approval (A7)
    path("early-interventions/", include("approvals.urls_early")),  # early intervention (A10)
]
