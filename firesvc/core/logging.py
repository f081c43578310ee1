"""Structured logs: a request id on every line of a request, JSON lines in production.

- ``RequestIdMiddleware`` takes the id from the reverse proxy's ``X-Request-ID`` (when it looks
  like an id) or makes one, keeps it for the duration of the request and returns it in the
  response's ``X-Request-ID`` header, so a user's complaint can be matched to the log lines.
- ``RequestIdFilter`` adds ``record.request_id`` ("-" outside a request) for every formatter.
- ``JsonFormatter`` writes one JSON object per line: time, level, logger, message, request id,
  exception text, and any ``extra={...}`` fields the caller passed.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("firesvc_request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def current_request_id() -> str:
    """The id of the request being served ("-" outside a request, e.g. in a Celery task)."""
    return _request_id.get()


def request_id_from(value: str | None) -> str:
    """The proxy's id when it is a plausible id (no spaces, quotes or newlines), else a new one."""
    if value and _VALID_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Not reset on the way out: Django logs 4xx/5xx answers after the middleware returns.
        # ``request_finished`` (when the response is closed) clears it.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _clear_request_id(**kwargs: object) -> None:
    _request_id.set("-")


request_finished.connect(_clear_request_id, dispatch_uid="firesvc.core.logging.clear_request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


# Attributes every LogRecord has: anything else on a record came from ``extra={...}``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value
        # ``default=str``: a request object or a datetime in ``extra`` must not break logging.
        return json.dumps(entry, ensure_ascii=False, default=str)
