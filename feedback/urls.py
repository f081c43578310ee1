from django.urls import path

from feedback import views
from feedback.urls_supervision import urlpatterns as supervision_urls

app_name = "feedback"
urlpatterns = [
    path("patrol-teams/", views.patrol_teams, name="patrol_teams"),
    path("patrol-teams/<int:pk>/", views.patrol_team, name="patrol_team"),
    path("ask/", views.ask, name="ask"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/answer/", views.question_answer_view, name="question_answer"),
    path("questions/<str:token>/", views.question, name="question"),
    path("faq/", views.faq, name="faq"),
    *supervision_urls,
]
