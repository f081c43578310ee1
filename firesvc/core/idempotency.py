"""``Idempotency-Key`` on the API's POSTs (issue 23 §2): a retried request creates nothing new.

A client that is not sure its request arrived (a timeout, a lost connection) sends it again with the
same ``Idempotency-Key`` header. From the same caller, with the same request (method, path, body), the
answer is the first answer again (same status, same body: the first record) and nothing is created;
with a different request the key is refused with 422. Keys are kept 24 hours
(``expire_idempotency_keys``).

Only answers that succeeded (2xx) are kept: a refused request (400 …) leaves the key free, so the
corrected request may use it. The key is claimed (a unique row) in the transaction that runs the
request, so of two requests sent at the same moment one runs and the other waits for its commit and
then replays its answer.

``run_once`` is the mechanism; ``idempotent`` wraps a DRF view method with it. Open311 calls
``run_once`` itself (its answers are JSON or XML).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from firesvc.core.api_schema import IDEMPOTENCY_ATTR
from firesvc.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEEP = timedelta(hours=24)

R = TypeVar("R")


class KeyReused(Exception):
    """The key was used before, by the same caller, for a different request."""


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy("This Idempotency-Key was already used for a different request. "
                                  "Send a new key with each new request.")
    default_code = "idempotency_key_reused"


def key_problem(key: str) -> str | None:
    """Why a header value cannot be a key, or None: 1 to 255 visible ASCII characters."""
    if not key or len(key) > MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        return _("The Idempotency-Key must be 1 to %(max)d visible ASCII characters (a UUID is a good key).") % {
            "max": MAX_KEY_LENGTH}
    return None


def request_hash(*, method: str, path: str, fields: list[tuple[str, str]], files: list[tuple[str, Any]] = ()) -> str:
    """SHA-256 of what makes two requests the same: method, path, the body's fields (in order of their
    names) and the files' contents (not their multipart boundaries)."""
    digest = hashlib.sha256()
    digest.update(json.dumps([method.upper(), path, sorted(fields)], ensure_ascii=False,
                             sort_keys=True, default=str).encode())
    for name, upload in sorted(files, key=lambda item: item[0]):
        digest.update(b"\x00file\x00" + name.encode() + b"\x00" + str(getattr(upload, "name", "")).encode())
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return digest.hexdigest()


@dataclass(frozen=True)
class Answer:
    """What is kept of a successful answer, to replay it."""

    status_code: int
    content_type: str
    body: str
    location: str = ""


def run_once(*, owner: str, key: str, fingerprint: str, run: Callable[[], R],
             answer_of: Callable[[R], Answer | None]) -> R | Answer:
    """``run()`` once per (owner, key): its result, or the stored ``Answer`` of the first request.

    ``answer_of(result)`` says what to keep (None: not kept, e.g. an error; the key stays free).
    Raises ``KeyReused`` when the key was used for a request with another fingerprint.
    """
    stored = _stored(owner, key)
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        with transaction.atomic():
            # On PostgreSQL a second request with the same key waits here for the first one's commit.
            row = IdempotencyKey.objects.create(owner=owner, key=key, request_hash=fingerprint, status_code=0,
                                                content_type="", body="", created_at=timezone.now())
            result = run()
            answer = answer_of(result)
            if answer is None:
                row.delete()
            else:
                row.status_code, row.content_type, row.body = answer.status_code, answer.content_type, answer.body
                row.location = answer.location[:500]
                row.save(update_fields=["status_code", "content_type", "body", "location"])
            return result
    except IntegrityError:
        stored = _stored(owner, key)
        if stored is None:
            raise
        return _replay(stored, fingerprint)


def _stored(owner: str, key: str) -> IdempotencyKey | None:
    row = IdempotencyKey.objects.filter(owner=owner, key=key).first()
    if row is not None and row.created_at < timezone.now() - KEEP:
        row.delete()  # expired, not yet swept: the key is free again
        return None
    return row


def _replay(row: IdempotencyKey, fingerprint: str) -> Answer:
    if row.request_hash != fingerprint:
        raise KeyReused
    return Answer(row.status_code, row.content_type, row.body, row.location)


def replay_response(answer: Answer) -> HttpResponse:
    response = HttpResponse(answer.body, content_type=answer.content_type, status=answer.status_code)
    if answer.location:
        response["Location"] = answer.location
    response[REPLAYED_HEADER] = "true"
    return response


def expire(*, now: Any = None) -> int:
    """Forget keys older than 24 hours; the number forgotten."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- DRF ------------------------------------------------------------------------------------

def _drf_fingerprint(request: Request) -> str:
    data = request.data
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, Any]] = []
    if hasattr(data, "lists"):  # a QueryDict (multipart, form): repeated names kept, files hashed by content
        for name, values in data.lists():
            for value in values:
                if hasattr(value, "chunks"):
                    files.append((name, value))
                else:
                    fields.append((name, str(value)))
    else:
        fields.append(("", json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)))
    return request_hash(method=request.method or "", path=request.path, fields=fields, files=files)


def _drf_answer(response: Any) -> Answer | None:
    if not (isinstance(response, Response) and 200 <= response.status_code < 300):
        return None
    body = JSONRenderer().render(response.data).decode()
    return Answer(response.status_code, "application/json", body, response.get("Location", ""))


def idempotent(method: Callable[..., Any]) -> Callable[..., Any]:
    """A DRF view method (a POST that creates) that honours ``Idempotency-Key``, and says so in the schema.

    Apply it below ``@action``, e.g.::

        @extend_schema(...)
        @action(detail=True, methods=["post"])
        @idempotent
        def materials(self, request, pk=None): ...
    """

    @wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return method(view, request, *args, **kwargs)
        key = key.strip()
        problem = key_problem(key)
        if problem is not None:
            raise exceptions.ValidationError({HEADER: [problem]})
        try:
            result = run_once(owner=f"user:{request.user.pk}", key=key, fingerprint=_drf_fingerprint(request),
                              run=lambda: method(view, request, *args, **kwargs), answer_of=_drf_answer)
        except KeyReused:
            raise IdempotencyKeyReused from None
        return replay_response(result) if isinstance(result, Answer) else result

    setattr(wrapper, IDEMPOTENCY_ATTR, True)  # PortalAutoSchema documents the header and the 422
    return wrapper


def open311_owner(api_key_pk: int) -> str:
    return f"open311:{api_key_pk}"


def form_fingerprint(request: HttpRequest, *, ignore: tuple[str, ...] = ()) -> str:
    """The fingerprint of a form POST (Open311): its fields and files."""
    fields = [(name, value) for name, values in request.POST.lists() if name not in ignore for value in values]
    files = [(name, upload) for name, uploads in request.FILES.lists() for upload in uploads]
    return request_hash(method=request.method or "", path=request.path, fields=fields, files=files)
