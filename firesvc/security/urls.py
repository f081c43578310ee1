from django.urls import path

from firesvc.security import views

app_name = "security"
urlpatterns = [path("events/", views.event_list, name="events")]
