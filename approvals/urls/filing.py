"""Filing by enterprises (A3) and the application page, in the ``approvals`` namespace (no ``app_name``)."""

from django.urls import path

from approvals.views import filing as views

urlpatterns = [
    path("", views.my_applications, name="my_applications"),
    path("new/<slug:code>/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/materials/<int:requirement_id>/", views.material_upload, name="upload"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("materials/<int:pk>/", views.material_file, name="material_file"),
]
