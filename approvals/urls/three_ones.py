"""The window's "three ones" figures (A5), in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import three_ones as views

urlpatterns = [
    path("three-ones/", views.three_ones, name="three_ones"),
]
