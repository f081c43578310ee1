"""Window appointments (A9), under /approvals/appointments/ in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import appointments as views

urlpatterns = [
    path("", views.appointment_list, name="appointments"),
    path("book/", views.appointment_book, name="appointment_book"),
    path("<id:pk>/move/", views.appointment_move, name="appointment_move"),
    path("<id:pk>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("<id:pk>/mark/", views.appointment_mark, name="appointment_mark"),
    path("day/", views.appointment_day, name="appointment_day"),
    path("slots/generate/", views.slots_generate, name="slots_generate"),
]
