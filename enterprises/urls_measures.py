"""Service measures (E9) and free training (E8), included at /enterprises/measures/ (namespace "enterprises")."""

from django.urls import path

from enterprises import views_measures, views_training

urlpatterns = [
    path("", views_measures.measure_list, name="measures"),
    path("<int:pk>/", views_measures.measure_detail, name="measure"),
    path("training/", views_training.training_requests, name="training_requests"),
    path("training/queue/", views_training.training_queue, name="training_queue"),
    path("training/queue/<int:pk>/schedule/", views_training.training_schedule, name="training_schedule"),
    path("training/queue/<int:pk>/decline/", views_training.training_decline, name="training_decline"),
    path("training/sessions/<int:pk>/", views_training.training_session, name="training_session"),
]
