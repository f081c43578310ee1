"""The kinds of case that are rated (好差评), each registered by the app that owns it in its ``reviews.py``.

The kernel stores ratings of any case (``Review.owner``) and asks the case's kind what it needs to know:
when each stage was reached, who may rate it online, whose work it rates (unit, clerk, window, matter),
where its pages are. So the kernel reads no app's records itself (DESIGN.md rule 9).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Handling:
    """Whose work a stage of a case was: what a rating of it is counted against."""

    unit_id: int
    clerk: Any = None  # the staff member who handled the stage, if one did
    window: str = ""  # the service window (窗口) where it was handled
    matter_key: str = ""  # the matter (事项) of the service guide, for the public figures
    matter_label: str = ""


@dataclass(frozen=True)
class CaseKind:
    """How the reviews read one kind of case (``model``, ``"app_label.modelname"``).

    ``key``: the kind's name in URLs. ``stages(case)``: when each stage it is rated at was reached, in
    the order given (None: not yet); the last is the case's completion (办结), which the invitation
    follows. ``handling(case, stage)``: whose work the stage was. ``raters(case)``: the accounts that
    may rate it online and are invited. ``visible_to(user)``: the cases a staff member may show a rating
    code for. ``completed_between(start, end)``: the cases completed in that interval (the invitation's
    sweep; a queryset of ``model``). ``title(case)``: its number and name as a person reads them;
    ``staff_url`` and ``rater_url``: its pages.

    ``own_rating_flow``: the owning app runs its own rating page and its own answer to a bad rating (a
    hazard report's reporter rates on its tracking page, and a dissatisfied rating reopens the report for
    a supervisor): the kernel records the rating for the figures only, opens no follow-up of its own (no
    second, conflicting one) and asks for no second-level items.
    """

    key: str
    model: str
    label: str | Promise
    stages: Callable[[Any], dict[str, datetime | None]]
    handling: Callable[[Any, str], Handling]
    raters: Callable[[Any], Iterable[Any]]
    visible_to: Callable[[Any], models.QuerySet[Any]]
    completed_between: Callable[[datetime, datetime], models.QuerySet[Any]]
    title: Callable[[Any], str]
    staff_url: Callable[[Any], str]
    rater_url: Callable[[Any], str]
    own_rating_flow: bool = False
    # The raters' ids without loading their accounts (a case page asks this on every view); None: read ``raters``.
    rater_ids: Callable[[Any], Iterable[int | None]] | None = None

    def completion_stage(self, case: Any) -> str:
        return list(self.stages(case))[-1]


_KINDS: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing.model != kind.model:
        raise ValueError(f"review kind {kind.key!r} already registered for {existing.model}")
    _KINDS[kind.key] = kind
    return kind


def kinds() -> list[CaseKind]:
    return [kind for _key, kind in sorted(_KINDS.items())]


def kind(key: str) -> CaseKind | None:
    return _KINDS.get(key)


def kind_for_model(label: str) -> CaseKind | None:
    return next((k for k in _KINDS.values() if k.model == label), None)
