from django.urls import path

from firesvc.reviews import views

app_name = "reviews"
urlpatterns = [
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<id:pk>/", views.follow_up_detail, name="follow_up"),
    path("figures/", views.figures, name="figures"),
    path("w/<str:token>/", views.window_rate, name="window_rate"),
    path("r/<str:token>/", views.link_rate, name="link_rate"),
    path("<slug:kind_key>/<id:pk>/<slug:stage>/", views.rate, name="rate"),
    path("<slug:kind_key>/<id:pk>/<slug:stage>/code/", views.window_code, name="window_code"),
]
