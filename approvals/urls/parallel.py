"""Parallel approval (A7). Included by ``approvals.urls`` at parallel/ in the ``approvals`` namespace."""

from django.urls import path

from approvals.views import parallel as views

urlpatterns = [
    path("new/", views.parallel_new, name="parallel_new"),
    path("<id:pk>/", views.parallel_case, name="parallel_case"),
    path("<id:pk>/materials/<slug:code>/", views.parallel_upload, name="parallel_upload"),
    path("<id:pk>/submit/", views.parallel_submit, name="parallel_submit"),
    path("<id:pk>/intake/", views.parallel_intake, name="parallel_intake"),
    path("<id:pk>/withdraw/", views.parallel_withdraw, name="parallel_withdraw"),
    path("<id:pk>/notice.pdf", views.parallel_notice_pdf, name="parallel_notice_pdf"),
]
