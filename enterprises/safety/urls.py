from django.urls import path

from enterprises.safety import views, views_enterprise

app_name = "safety"
urlpatterns = [
    path("hazards/", views.hazard_list_view, name="hazards"),
    path("hazards/new/", views.hazard_create, name="hazard_create"),
    path("hazards/<int:pk>/", views.hazard_detail, name="hazard"),
    path("hazards/<int:pk>/major/", views.hazard_major, name="hazard_major"),
    path("hazards/<int:pk>/order/", views.hazard_order, name="hazard_order"),
    path("hazards/<int:pk>/recheck/", views.hazard_recheck, name="hazard_recheck"),
    path("hazards/<int:pk>/photo/", views.hazard_photo, name="hazard_photo"),
    path("hazards/<int:pk>/order.pdf", views.order_pdf, name="order_pdf"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path("my/orders/", views.my_orders, name="my_orders"),
    path("my/orders/<int:pk>/", views.my_order, name="my_order"),
    path("my/key-unit/", views_enterprise.my_key_unit, name="my_key_unit"),  # E7, the enterprise's own checklist
    path("my/key-unit/measures/<int:measure_pk>/", views_enterprise.my_key_unit_evidence, name="my_key_unit_evidence"),
    path("key-units/", views.key_unit_list, name="key_units"),
    path("key-units/coverage/", views.key_unit_coverage_view, name="coverage"),
    path("key-units/<int:pk>/", views.key_unit_detail, name="key_unit"),
    path("key-units/<int:pk>/designate/", views.key_unit_designate, name="key_unit_designate"),
    path("key-units/<int:pk>/undesignate/", views.key_unit_undesignate, name="key_unit_undesignate"),
    path("key-units/<int:pk>/measures/<int:measure_pk>/", views.key_unit_measure, name="key_unit_measure"),
    path("key-units/<int:pk>/letter/", views.key_unit_letter, name="key_unit_letter"),
    path("key-units/files/<str:kind>/<int:pk>/", views.key_unit_file, name="key_unit_file"),
]
