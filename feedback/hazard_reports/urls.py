from django.urls import path  # noqa: F401

app_name = "hazard_reports"
urlpatterns: list = []
