from django.urls import path

from firesvc.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.overview, name="overview"),
]
