"""Public catalogue, service guides and form packs (A1, A5); notice PDFs and their verification (C7).

Included by ``approvals.urls`` in the ``approvals`` namespace (so no ``app_name`` here).
"""

from django.urls import path

from approvals.views import public as views

urlpatterns = [
    path("matters/", views.catalogue, name="catalogue"),
    path("matters/<slug:code>.pdf", views.guide_pdf, name="guide_pdf"),
    path("matters/<slug:code>/", views.guide, name="guide"),
    path("matters/<slug:code>/forms.zip", views.form_pack, name="form_pack"),
    path("matters/<slug:code>/forms/<slug:requirement_code>/", views.blank_form, name="blank_form"),
    path("notices/<id:pk>.pdf", views.notice_pdf, name="notice_pdf"),
    path("verify/", views.verify, name="verify"),
    path("lookup/", views.case_lookup, name="case_lookup"),  # 办件查询
    path("verify/<str:token>/", views.verify_notice, name="verify_notice"),
]
