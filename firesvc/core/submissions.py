"""A double click stores one record: one-time submission tokens for every create form.

A create form renders ``{% submission_token %}`` (a hidden field with a fresh UUID; the same one again
when the form comes back with errors). Its view asks ``Submission.of(request)``:

    row = Submission.of(request).record(lambda: some_create_service(...))
    return redirect(row)                # the second click answers with the first record

``record`` returns the record an earlier request with the same token made; otherwise it claims the
token (unique) and creates the record in one transaction, so two identical requests racing each other
still store one record: the loser waits for the winner's commit and gets the winner's record.
The API's ``Idempotency-Key`` header is ``firesvc.core.idempotency`` (it keeps the answer, not only the record).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest

from firesvc.core.models import SubmissionReceipt

FIELD = "submission_token"

Row = TypeVar("Row", bound=models.Model)


def new_token() -> str:
    return str(uuid.uuid4())


def form_token(data: Mapping[str, Any] | None) -> str:
    """The token a form should carry: the one it was sent with (``data``: a form shown again with its
    errors keeps its token), else a new one. Crispy forms add it as ``Hidden(FIELD, form_token(self.data))``."""
    sent = _parse(str(data.get(FIELD, ""))) if data else None
    return str(sent) if sent is not None else new_token()


def _parse(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except (ValueError, AttributeError):
        return None


@dataclass(frozen=True)
class Submission:
    token: uuid.UUID | None  # None: sent without a token (an old page, a script): no protection, no harm

    @classmethod
    def of(cls, request: HttpRequest) -> Submission:
        """The token of a form POST (the hidden field). The API's ``Idempotency-Key``: ``firesvc.core.idempotency``."""
        return cls(token=_parse(request.POST.get(FIELD, "")))

    def earlier(self) -> Any:
        """The record this same submission already made, or None."""
        if self.token is None:
            return None
        receipt = SubmissionReceipt.objects.filter(token=self.token).select_related("content_type").first()
        if receipt is None or receipt.content_type is None or receipt.object_id is None:
            return None
        return receipt.content_type.get_object_for_this_type(pk=receipt.object_id)

    def record(self, create: Callable[[], Row]) -> Row:
        """Run ``create`` once for this token, in the transaction that claims it; the first record if the
        token was already claimed (also by a request running at the same moment)."""
        if self.token is None:
            return create()
        if (earlier := self.earlier()) is not None:
            return earlier  # type: ignore[no-any-return]
        try:
            with transaction.atomic():
                receipt = SubmissionReceipt.objects.create(token=self.token)
                row = create()
                receipt.content_type = ContentType.objects.get_for_model(row)
                receipt.object_id = row.pk
                receipt.save(update_fields=["content_type", "object_id"])
                return row
        except IntegrityError:
            earlier = self.earlier()
            if earlier is None:
                raise
            return earlier  # type: ignore[no-any-return]
