"""Filing by enterprises (A3) and the application page, in the ``approvals`` namespace (no ``app_name``)."""

from django.urls import path

from approvals.views import filing as views

urlpatterns = [
    path("", views.my_applications, name="my_applications"),
    path("new/<slug:code>/", views.application_new, name="new"),
    path("<id:pk>/", views.application_detail, name="application"),
    path("<id:pk>/timeline/", views.application_timeline, name="timeline"),
    path("<id:pk>/edit/", views.application_edit, name="edit"),
    path("<id:pk>/materials/<id:requirement_id>/", views.material_upload, name="upload"),
    path("<id:pk>/submit/", views.application_submit, name="submit"),
    path("<id:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<id:pk>/supplement-report/", views.supplement_report, name="supplement_report"),
    path("materials/<id:pk>/", views.material_file, name="material_file"),
]
