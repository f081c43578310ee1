"""Service measures (E9) and free training (E8), included at /enterprises/measures/ (namespace "enterprises")."""

from django.urls import path

from enterprises.views import measures, training

urlpatterns = [
    path("", measures.measure_list, name="measures"),
    path("<id:pk>/", measures.measure_detail, name="measure"),
    path("training/", training.training_requests, name="training_requests"),
    path("training/queue/", training.training_queue, name="training_queue"),
    path("training/queue/<id:pk>/schedule/", training.training_schedule, name="training_schedule"),
    path("training/queue/<id:pk>/decline/", training.training_decline, name="training_decline"),
    path("training/sessions/<id:pk>/", training.training_session, name="training_session"),
]
