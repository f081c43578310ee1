"""Structured logs: JSON lines with the request id; the id is echoed in X-Request-ID."""

from __future__ import annotations

import json
import logging

import pytest

from firesvc.core.logging import JsonFormatter, RequestIdFilter, current_request_id, request_id_from


def _record(message: str = "hello %s", args: tuple = ("世界",), **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("firesvc.test", logging.WARNING, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_formatter_writes_one_json_object_per_line() -> None:
    record = _record()
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "hello 世界"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "firesvc.test"
    assert entry["request_id"] == "-"
    assert entry["time"].endswith("+00:00")


def test_json_formatter_keeps_extra_fields_and_exceptions() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = _record(exc_info=sys.exc_info(), case_id=42, when=object())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["case_id"] == 42
    assert "ValueError: boom" in entry["exception"]
    assert entry["when"].startswith("<object")


def test_request_id_from_keeps_a_plausible_proxy_id_and_replaces_junk() -> None:
    assert request_id_from("abc12345-xyz") == "abc12345-xyz"
    assert len(request_id_from('bad id\n"injected"')) == 32
    assert len(request_id_from(None)) == 32


@pytest.mark.django_db
def test_each_response_carries_a_request_id(client) -> None:
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_the_proxys_request_id_is_echoed(client) -> None:
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="edge-0123456789")
    assert response["X-Request-ID"] == "edge-0123456789"


@pytest.mark.django_db
def test_log_lines_during_a_request_carry_its_id(client, caplog) -> None:
    seen: list[str] = []

    def view_logger(record: logging.LogRecord) -> bool:
        seen.append(current_request_id())
        return True

    logger = logging.getLogger("django.request")
    logger.addFilter(view_logger)
    try:
        response = client.get("/no-such-page/")
    finally:
        logger.removeFilter(view_logger)
    assert response.status_code == 404
    assert seen
    assert seen[0] == response["X-Request-ID"]
    assert current_request_id() == "-"  # reset after the request


def test_production_settings_log_json(monkeypatch) -> None:
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example.cn")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example.cn")
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    sys.modules.pop("firesvc.settings.production", None)
    production = importlib.import_module("firesvc.settings.production")
    try:
        assert production.LOGGING["handlers"]["console"]["formatter"] == "json"
        assert production.LOGGING["handlers"]["console"]["stream"] == "ext://sys.stdout"
        assert production.SESSION_COOKIE_SECURE
        assert production.CSRF_COOKIE_SECURE
    finally:
        sys.modules.pop("firesvc.settings.production", None)
