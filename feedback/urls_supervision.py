"""URLs of the supervision loop (B1–B5), included from ``feedback/urls.py``."""

from django.urls import path

from feedback import views_supervision as v

urlpatterns = [
    path("acts/", v.acts, name="acts"),
    path("acts/new/", v.act_create, name="act_create"),
    path("acts/<int:pk>/", v.act, name="act"),
    path("acts/<int:pk>/seal-up-decline/", v.act_seal_up_decline, name="act_seal_up_decline"),
    path("acts/<int:pk>/receipt.pdf", v.receipt_pdf, name="receipt_pdf"),
    path("acts/<int:pk>/paper-receipt/", v.receipt_paper, name="receipt_paper"),
    path("r/<int:pk>/<str:token>/", v.receipt_public, name="receipt_public"),
    path("visits/", v.visits, name="visits"),
    path("visits/<int:pk>/", v.visit, name="visit"),
    path("review/", v.review_queue, name="review_queue"),
    path("review/receipts/<int:pk>/", v.receipt_review_view, name="receipt_review"),
    path("review/visits/<int:pk>/", v.visit_review_view, name="visit_review"),
    path("board/", v.board, name="board"),
    path("complaints/", v.complaints, name="complaints"),
    path("complaints/export.csv", v.complaints_export, name="complaints_export"),
    path("complaints/new/", v.complaint_hotline, name="complaint_hotline"),
    path("complaints/<int:pk>/", v.complaint, name="complaint"),
    path("complain/", v.complaint_online, name="complaint_online"),
    path("complain/<int:pk>/<str:token>/", v.complaint_track, name="complaint_track"),
    path("api/complaints/", v.complaints_api, name="complaints_api"),
]
