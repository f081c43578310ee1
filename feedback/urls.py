"""The feedback area's URLs, grouped by sub-domain (one views module each)."""

from django.urls import path

from feedback.views import (
    acts,
    board,
    citizen_questions,
    complaints,
    patrols,
    receipts,
    return_visits,
    supervision_review,
)

app_name = "feedback"
urlpatterns = [
    # Patrol teams and citizen questions (群众咨询)
    path("patrol-teams/", patrols.patrol_teams, name="patrol_teams"),
    path("patrol-teams/<id:pk>/", patrols.patrol_team, name="patrol_team"),
    path("ask/", citizen_questions.ask, name="ask"),
    path("questions/", citizen_questions.questions, name="questions"),
    path("questions/<id:pk>/answer/", citizen_questions.question_answer_view, name="question_answer"),
    path("questions/<str:token>/", citizen_questions.question, name="question"),
    path("faq/", citizen_questions.faq, name="faq"),
    # The supervision loop (B1–B5): acts, receipts, return visits, review, the board, complaints
    path("acts/", acts.acts, name="acts"),
    path("acts/new/", acts.act_create, name="act_create"),
    path("acts/<id:pk>/", acts.act, name="act"),
    path("acts/<id:pk>/seal-up-decline/", acts.act_seal_up_decline, name="act_seal_up_decline"),
    path("acts/<id:pk>/receipt.pdf", receipts.receipt_pdf, name="receipt_pdf"),
    path("acts/<id:pk>/paper-receipt/", receipts.receipt_paper, name="receipt_paper"),
    path("r/<id:pk>/<str:token>/", receipts.receipt_public, name="receipt_public"),
    path("visits/", return_visits.visits, name="visits"),
    path("visits/<id:pk>/", return_visits.visit, name="visit"),
    path("review/", supervision_review.review_queue, name="review_queue"),
    path("review/receipts/<id:pk>/", supervision_review.receipt_review_view, name="receipt_review"),
    path("review/visits/<id:pk>/", supervision_review.visit_review_view, name="visit_review"),
    path("board/", board.board, name="board"),
    path("complaints/", complaints.complaints, name="complaints"),
    path("complaints/export.csv", complaints.complaints_export, name="complaints_export"),
    path("complaints/new/", complaints.complaint_hotline, name="complaint_hotline"),
    path("complaints/<id:pk>/", complaints.complaint, name="complaint"),
    path("complain/", complaints.complaint_online, name="complaint_online"),
    path("complain/<id:pk>/<str:token>/", complaints.complaint_track, name="complaint_track"),
    path("api/complaints/", complaints.complaints_api, name="complaints_api"),
]
