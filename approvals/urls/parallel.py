"""Parallel approval (A7). Included by ``approvals.urls`` at parallel/ in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import parallel as views

urlpatterns = [
    path("new/", views.parallel_new, name="parallel_new"),
    path("<int:pk>/", views.parallel_case, name="parallel_case"),
    path("<int:pk>/materials/<slug:code>/", views.parallel_upload, name="parallel_upload"),
    path("<int:pk>/submit/", views.parallel_submit, name="parallel_submit"),
    path("<int:pk>/intake/", views.parallel_intake, name="parallel_intake"),
    path("<int:pk>/withdraw/", views.parallel_withdraw, name="parallel_withdraw"),
    path("<int:pk>/notice.pdf", views.parallel_notice_pdf, name="parallel_notice_pdf"),
]
