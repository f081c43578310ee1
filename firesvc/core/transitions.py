"""The one place where the status of any model changes.

Each model's allowed transitions are declared once, as ``{from: {to, ...}}`` in its app's
``enums.py``; its services describe it with a :class:`Workflow` and call :func:`transition`,
which checks the step, writes the row with a compare-and-swap on the status it read (a clerk's
click and a timer can race; the loser gets the refusal, not a lost update) and appends the
audit event in the same transaction. Nothing else assigns ``.status`` (a test greps for it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal

from firesvc.audit.services import audit_record

# Sent after a transition wrote the row (``sender``: the model, ``instance``: the object, ``previous``: the status
# it had). The row is written with UPDATE, which sends no ``post_save``: what follows a record's state (the
# statistics' roll-up of a closed day) listens to this.
status_changed = Signal()


class TransitionNotAllowed(ValidationError):
    """The object is not in a state from which this step is allowed.

    A ``ValidationError``, so the views that already show a service's ``ValidationError`` as a
    message show this one the same way.
    """


def _owner(obj: Any) -> Any:
    return obj


def _no_unit(obj: Any) -> Any:
    return None


@dataclass(frozen=True)
class Workflow:
    """How one model's status moves: the table from ``enums.py`` and what a refusal says.

    ``refused``: the message of a refused step, with ``%(status)s`` for the current status's
    label; or a mapping from the target status to its message. ``unit`` and ``audit_obj`` give
    the audit event's unit and the object whose timeline it goes on (the object itself by default).
    ``action_prefix``: the audit action is ``<prefix>.<to>`` when the caller names none.
    ``writes``: the columns every transition writes besides the status (None: the whole row).
    """

    transitions: Mapping[str, Iterable[str]]
    refused: Any
    unit: Callable[[Any], Any] = _no_unit
    audit_obj: Callable[[Any], models.Model] = _owner
    action_prefix: str = ""
    field: str = "status"
    writes: tuple[str, ...] | None = None
    code: str | None = None

    def allows(self, current: str, to: str) -> bool:
        return to in self.transitions.get(current, ())

    def refusal(self, obj: models.Model, to: str) -> TransitionNotAllowed:
        message = self.refused.get(to, "") if isinstance(self.refused, Mapping) else self.refused
        text = str(message)
        if "%(status)s" in text:
            text = text % {"status": getattr(obj, f"get_{self.field}_display")()}
        return TransitionNotAllowed(text, code=self.code)


def transition_check(*, workflow: Workflow, obj: models.Model, to: str) -> None:
    """Raise :class:`TransitionNotAllowed` unless ``obj`` may move to ``to`` (for commands that
    check before doing other work)."""
    if not workflow.allows(getattr(obj, workflow.field), to):
        raise workflow.refusal(obj, to)


def transition(
    *,
    workflow: Workflow,
    obj: models.Model,
    to: str,
    actor: Any,
    action: str = "",
    reason: str = "",
    data: Mapping[str, Any] | None = None,
    fields: Mapping[str, Any] | None = None,
    update_fields: Iterable[str] | None = None,
    audit: bool = True,
) -> str:
    """Move ``obj`` to ``to``; returns the status it had.

    Sets ``fields`` on ``obj`` with the status and writes the row: the status, the workflow's
    ``writes``, ``fields`` and ``update_fields``; or, when the workflow writes the whole row and
    no ``update_fields`` are given, every column (as ``save()`` does, so values the caller set on
    ``obj`` beforehand are written too). The write is conditional on the status read, so a
    concurrent transition makes this one fail with the refusal.
    Side effects: one UPDATE; the audit event ``action`` (default ``<prefix>.<to>``) unless
    ``audit`` is false (the caller writes a richer one itself, in the same transaction). Joins
    the caller's transaction (or opens one), so the change and its event commit together.
    """
    transition_check(workflow=workflow, obj=obj, to=to)
    with transaction.atomic():
        previous = getattr(obj, workflow.field)
        setattr(obj, workflow.field, to)
        for name, value in (fields or {}).items():
            setattr(obj, name, value)
        meta = obj._meta
        if workflow.writes is None and update_fields is None:
            columns = [f for f in meta.local_concrete_fields if not f.primary_key and not f.generated]
        else:
            names = {workflow.field, *(workflow.writes or ()), *(fields or {}), *(update_fields or ())}
            columns = [meta.get_field(name) for name in sorted(names)]
        # Field.pre_save gives the value save() would write (auto_now stamps included); the base
        # manager is the one save() writes through.
        values = {column.attname: column.pre_save(obj, False) for column in columns}
        written = type(obj)._base_manager.filter(pk=obj.pk, **{workflow.field: previous}).update(**values)
        if written != 1:
            setattr(obj, workflow.field, previous)
            current = type(obj)._base_manager.filter(pk=obj.pk).values_list(workflow.field, flat=True).first()
            if current is not None:
                setattr(obj, workflow.field, current)
            raise workflow.refusal(obj, to)
        if audit:
            audit_record(actor=actor, obj=workflow.audit_obj(obj), action=action or f"{workflow.action_prefix}.{to}",
                         from_state=previous, to_state=to, reason=reason, unit=workflow.unit(obj),
                         data=dict(data) if data is not None else None)
        status_changed.send(sender=type(obj), instance=obj, previous=previous)
    return previous
