from django.urls import path

from firesvc.sla import views

app_name = "sla"
urlpatterns = [path("board/", views.board, name="board")]
