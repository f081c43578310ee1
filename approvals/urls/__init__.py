"""URLs of the approvals app, one module per sub-domain beside its views.

All names live in the ``approvals`` namespace; the REST API (``urls/api.py``) is mounted on its own at
/api/v1/ by ``firesvc/urls.py``.
"""

from django.urls import include, path

app_name = "approvals"
urlpatterns = [
    path("", include("approvals.urls.intake")),  # first: the worklist is the busiest page of the hall
    path("", include("approvals.urls.filing")),  # my applications, drafts, materials, the application page
    path("", include("approvals.urls.window_consultations")),
    path("", include("approvals.urls.three_ones")),
    path("", include("approvals.urls.public")),  # catalogue, service guides, form packs, notice PDFs and verification
    path("appointments/", include("approvals.urls.appointments")),  # window appointments (A9)
    path("precheck/", include("approvals.urls.precheck")),  # filing pre-check questionnaire (A2)
    path("", include("approvals.urls.technical_review")),  # review, inspection, decision, time-limit changes (A6, A8)
    path("parallel/", include("approvals.urls.parallel")),  # parallel approval (A7)
    path("early-interventions/", include("approvals.urls.early")),  # early intervention (A10)
    path("", include("approvals.urls.green_channel")),  # the approver sets or clears a case's green channel
]
