"""Review → decision (A6), time-limit changes (A8), decisions and their verification (C7).

Included by ``approvals.urls`` in the ``approvals`` namespace (no ``app_name``).
"""

from django.urls import path

from approvals.views import technical_review as views

urlpatterns = [
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("<id:pk>/review/assign/", views.review_assign, name="review_assign"),
    path("<id:pk>/review/notes/", views.review_notes, name="review_notes"),
    path("<id:pk>/review/inspection/", views.inspection_schedule, name="inspection_schedule"),
    path("inspections/<id:pk>/record/", views.inspection_record, name="inspection_record"),
    path("inspections/<id:pk>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("inspections/photos/<id:pk>/", views.inspection_photo, name="inspection_photo"),
    path("<id:pk>/review/draft/", views.decision_draft, name="decision_draft"),
    path("<id:pk>/review/send-back/", views.decision_send_back, name="decision_send_back"),
    path("<id:pk>/review/sign/", views.decision_sign, name="decision_sign"),
    path("<id:pk>/review/sign/preview/", views.decision_preview, name="decision_preview"),
    path("<id:pk>/clock/pause/", views.track_pause, name="track_pause"),
    path("<id:pk>/clock/resume/", views.track_resume, name="track_resume"),
    path("<id:pk>/clock/extend/", views.track_extend, name="track_extend"),
    path("decisions/<id:pk>.pdf", views.decision_pdf, name="decision_pdf"),
    path("decisions/verify/<str:token>/", views.verify_decision, name="verify_decision"),
    path("clock-notices/<id:pk>.pdf", views.clock_notice_pdf, name="clock_notice_pdf"),
    path("clock-notices/verify/<str:token>/", views.verify_clock_notice, name="verify_clock_notice"),
]
