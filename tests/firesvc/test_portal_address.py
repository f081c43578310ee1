"""Every printed address is right (issue 20 §6): PORTAL_BASE_URL, else the address that served the request."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from firesvc.documents.links import PortalAddressMiddleware, absolute_url


def _served(host: str) -> str:
    request = RequestFactory().get("/approvals/", HTTP_HOST=host)
    middleware = PortalAddressMiddleware(lambda r: HttpResponse(absolute_url("/approvals/verify/abc/")))
    return middleware(request).content.decode()


def test_without_portal_base_url_links_follow_the_address_that_served_the_request(settings) -> None:
    settings.PORTAL_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert _served("127.0.0.1:8101") == "http://127.0.0.1:8101/approvals/verify/abc/"


def test_portal_base_url_wins_over_the_address_that_served_the_request(settings) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.cn/"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert _served("127.0.0.1:8101") == "https://portal.example.cn/approvals/verify/abc/"


def test_outside_a_request_links_use_the_default_address(settings) -> None:
    settings.PORTAL_BASE_URL = ""
    settings.PORTAL_DEFAULT_URL = "http://127.0.0.1:8101"
    assert absolute_url("/x/") == "http://127.0.0.1:8101/x/"
