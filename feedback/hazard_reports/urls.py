from django.urls import path

from feedback.hazard_reports import views

app_name = "hazard_reports"
urlpatterns = [
    path("", views.report, name="report"),
    path("mine/", views.mine, name="mine"),
    path("places/", views.places, name="places"),
    path("poster/<id:pk>/", views.poster, name="poster"),
    path("t/", views.lookup, name="lookup"),
    path("t/<str:code>/", views.track, name="track"),
    path("t/<str:code>/after/<id:pk>/", views.recheck_photo_public, name="recheck_photo_public"),
    path("t/<str:code>/photos/<id:pk>/", views.photo_public, name="photo_public"),
    path("duty/", views.duty, name="duty"),
    path("duty/live/", views.duty_live, name="duty_live"),
    path("duty/new.json", views.duty_new_count, name="duty_new_count"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<id:pk>/dispatch/", views.dispatch, name="dispatch"),
    path("<id:pk>/verify/", views.verify, name="verify"),
    path("<id:pk>/close/", views.close, name="close"),
    path("<id:pk>/link/", views.link, name="link"),
    path("<id:pk>/unlink/", views.unlink, name="unlink"),
    path("photos/<id:pk>/", views.photo_staff, name="photo_staff"),
]
