from django.urls import path

from approvals import views

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),  # first: the busiest page of the hall
    path("", views.my_applications, name="my_applications"),
    path("new/<slug:code>/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/materials/<int:requirement_id>/", views.material_upload, name="upload"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/intake/", views.intake, name="intake"),
    path("materials/<int:pk>/", views.material_file, name="material_file"),
    path("worklist/awaiting/", views.awaiting, name="awaiting"),
    path("window-filing/", views.window_filing, name="window_filing"),
    path("consultations/", views.consultations, name="consultations"),
    path("three-ones/", views.three_ones, name="three_ones"),
]
