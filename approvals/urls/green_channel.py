"""The green channel of a case (绿色通道). Included by ``approvals.urls`` in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import green_channel as views

urlpatterns = [
    path("<id:pk>/green-channel/", views.green_channel, name="green_channel"),
]
