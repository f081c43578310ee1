"""Open311 GeoReport v2 at /open311/v2/ (the format is the extension: .json or .xml)."""

from django.urls import re_path

from feedback.hazard_reports import api

FMT = r"\.(?P<fmt>json|xml)$"
app_name = "open311"
urlpatterns = [
    re_path(r"^discovery" + FMT, api.discovery, name="discovery"),
    re_path(r"^services" + FMT, api.services, name="services"),
    re_path(r"^services/(?P<code>[^/]+?)" + FMT, api.service_definition, name="service"),
    re_path(r"^requests" + FMT, api.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, api.request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[^/]+?)" + FMT, api.token, name="token"),
    re_path(r"^.*\.(?P<fmt>xml)$", api.not_found),
    re_path(r"^.*$", api.not_found),
]
