"""Review → decision (A6), time-limit changes (A8), decisions and their verification (C7).

Included by ``approvals.urls`` in the ``approvals`` namespace (no ``app_name``).
"""

from django.urls import path

from approvals.views import technical_review as views

urlpatterns = [
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("<int:pk>/review/assign/", views.review_assign, name="review_assign"),
    path("<int:pk>/review/notes/", views.review_notes, name="review_notes"),
    path("<int:pk>/review/inspection/", views.inspection_schedule, name="inspection_schedule"),
    path("inspections/<int:pk>/record/", views.inspection_record, name="inspection_record"),
    path("inspections/photos/<int:pk>/", views.inspection_photo, name="inspection_photo"),
    path("<int:pk>/review/draft/", views.decision_draft, name="decision_draft"),
    path("<int:pk>/review/send-back/", views.decision_send_back, name="decision_send_back"),
    path("<int:pk>/review/sign/", views.decision_sign, name="decision_sign"),
    path("<int:pk>/review/sign/preview/", views.decision_preview, name="decision_preview"),
    path("<int:pk>/clock/pause/", views.track_pause, name="track_pause"),
    path("<int:pk>/clock/resume/", views.track_resume, name="track_resume"),
    path("<int:pk>/clock/extend/", views.track_extend, name="track_extend"),
    path("decisions/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
    path("decisions/verify/<str:token>/", views.verify_decision, name="verify_decision"),
    path("clock-notices/<int:pk>.pdf", views.clock_notice_pdf, name="clock_notice_pdf"),
]
