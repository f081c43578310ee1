from django.urls import path

from enterprises.safety.views import hazards, key_units, my_key_unit

app_name = "safety"
urlpatterns = [
    path("hazards/", hazards.hazard_list_view, name="hazards"),
    path("hazards/new/", hazards.hazard_create, name="hazard_create"),
    path("hazards/<id:pk>/", hazards.hazard_detail, name="hazard"),
    path("hazards/<id:pk>/major/", hazards.hazard_major, name="hazard_major"),
    path("hazards/<id:pk>/government-report/", hazards.hazard_government_report, name="hazard_government_report"),
    path("hazards/<id:pk>/order/", hazards.hazard_order, name="hazard_order"),
    path("hazards/<id:pk>/recheck/", hazards.hazard_recheck, name="hazard_recheck"),
    path("hazards/<id:pk>/photo/", hazards.hazard_photo, name="hazard_photo"),
    path("hazards/<id:pk>/order.pdf", hazards.order_pdf, name="order_pdf"),
    path("orders/verify/<str:token>/", hazards.verify_order, name="verify_order"),  # public: the QR code
    path("attachments/<id:pk>/", hazards.attachment_file, name="attachment"),
    path("my/orders/", hazards.my_orders, name="my_orders"),
    path("my/orders/<id:pk>/", hazards.my_order, name="my_order"),
    path("my/key-unit/", my_key_unit.my_key_unit, name="my_key_unit"),  # E7, the enterprise's own checklist
    path("my/key-unit/measures/<id:measure_pk>/", my_key_unit.my_key_unit_evidence, name="my_key_unit_evidence"),
    path("key-units/", key_units.key_unit_list, name="key_units"),
    path("key-units/coverage/", key_units.key_unit_coverage_view, name="coverage"),
    path("key-units/<id:pk>/", key_units.key_unit_detail, name="key_unit"),
    path("key-units/<id:pk>/designate/", key_units.key_unit_designate, name="key_unit_designate"),
    path("key-units/<id:pk>/undesignate/", key_units.key_unit_undesignate, name="key_unit_undesignate"),
    path("key-units/<id:pk>/measures/<id:measure_pk>/", key_units.key_unit_measure, name="key_unit_measure"),
    path("key-units/<id:pk>/letter/", key_units.key_unit_letter, name="key_unit_letter"),
    path("key-units/files/<str:kind>/<id:pk>/", key_units.key_unit_file, name="key_unit_file"),
]
