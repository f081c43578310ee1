"""Files served by views are downloads (attachment, nosniff, sandboxed); /media/ is never served."""

from __future__ import annotations

import io

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from firesvc.security.middleware import DownloadHardeningMiddleware, allow_inline_preview


def _through_middleware(response: HttpResponse) -> HttpResponse:
    return DownloadHardeningMiddleware(lambda request: response)(RequestFactory().get("/x"))


def test_an_inline_file_becomes_an_attachment_keeping_its_name() -> None:
    response = _through_middleware(FileResponse(io.BytesIO(b"%PDF-1.4"), filename="整改报告.pdf",
                                                content_type="application/pdf"))
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "utf-8''" in response["Content-Disposition"]


def test_a_file_without_disposition_becomes_an_attachment_with_nosniff_and_a_sandbox() -> None:
    response = _through_middleware(FileResponse(io.BytesIO(b"<html><script>x</script>"), content_type="image/jpeg"))
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_pdf_preview_stays_inline_framed_by_this_site_only() -> None:
    response = _through_middleware(allow_inline_preview(FileResponse(
        io.BytesIO(b"%PDF-1.4"), filename="a.pdf", content_type="application/pdf")))
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_a_preview_of_another_kind_of_file_is_still_a_sandboxed_attachment() -> None:
    response = _through_middleware(allow_inline_preview(FileResponse(
        io.BytesIO(b"<html>"), filename="a.html", content_type="text/html")))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_attachment_keeps_its_header() -> None:
    response = _through_middleware(FileResponse(io.BytesIO(b"x"), as_attachment=True, filename="a.txt"))
    assert response["Content-Disposition"] == 'attachment; filename="a.txt"'


def test_pages_are_left_alone() -> None:
    response = _through_middleware(HttpResponse("<p>page</p>"))
    assert "Content-Disposition" not in response


@pytest.mark.django_db
def test_the_media_folder_is_not_served(client, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    response = client.get("/media/secret.pdf")
    assert response.status_code == 404
    assert b"%PDF-1.4 secret" not in response.content


def test_production_cookies_are_secure_and_http_only(monkeypatch) -> None:
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "y" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example.cn")
    sys.modules.pop("firesvc.settings.production", None)
    production = importlib.import_module("firesvc.settings.production")
    try:
        assert production.SESSION_COOKIE_SECURE
        assert production.CSRF_COOKIE_SECURE
        assert production.SESSION_COOKIE_HTTPONLY
        assert production.CSRF_COOKIE_HTTPONLY
        assert production.SECURE_CONTENT_TYPE_NOSNIFF
        assert production.X_FRAME_OPTIONS == "DENY"
        assert production.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]
    finally:
        sys.modules.pop("firesvc.settings.production", None)
