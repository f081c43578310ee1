"""What the apps that own clocks do when a clock's deadline moves without them (a calendar change), and how
they name their clocks on the kernel's screens: they register a hook here, so that the kernel, which they
build on, imports none of them (DESIGN.md rule 9).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models


@dataclass(frozen=True)
class DeadlineMove:
    """One clock recomputed by ``clocks_recompute_for_calendar``: its deadline before and after."""

    clock: Any  # firesvc.sla.models.Clock, locked and saved with the new deadline
    previous_due_at: datetime
    previous_due_date: date | None
    previous_provisional: bool
    reason: str  # the calendar change, in words, as the clock's audit event records it
    change: str  # identifies the calendar change (one per edit): part of a notification's dedupe key

    @property
    def due_date_moved(self) -> bool:
        return self.previous_due_date != self.clock.due_date


# Called inside the transaction of the calendar change, once per moved clock whose owner is of the
# model registered: the owner keeps its copies of the deadline and tells whoever the deadline binds.
DeadlineMovedHook = Callable[[DeadlineMove], Any]
_HOOKS: dict[str, dict[str, DeadlineMovedHook]] = {}


def on_deadline_moved(model: type[models.Model], hook: DeadlineMovedHook) -> DeadlineMovedHook:
    """Register ``hook(move)`` for clocks owned by ``model``; registering it again changes nothing."""
    _HOOKS.setdefault(model._meta.label_lower, {})[f"{hook.__module__}.{hook.__qualname__}"] = hook
    return hook


def deadline_moved(move: DeadlineMove, *, owner_label: str) -> None:
    """Run the hooks registered for ``owner_label`` (``app_label.model``)."""
    for _name, hook in sorted(_HOOKS.get(owner_label, {}).items()):
        hook(move)


# How an app names the clocks of its cases where the kernel lists them (the board): with the words its own
# case pages use (an application's own clock is its 审批期限, not its rule's name). ``namer(clocks)`` gets
# the clocks of one owner model and returns their names by clock id, in a fixed number of queries.
ClockNamer = Callable[[list[Any]], Mapping[int, str]]
_NAMERS: dict[str, ClockNamer] = {}


def on_clock_names(model: type[models.Model], namer: ClockNamer) -> ClockNamer:
    """Register ``namer`` for the clocks owned by ``model``; registering again replaces it."""
    _NAMERS[model._meta.label_lower] = namer
    return namer


def clock_namer(owner_label: str) -> ClockNamer | None:
    """The namer registered for owners ``owner_label`` (``app_label.model``), if any."""
    return _NAMERS.get(owner_label)


# Who handles a case whose clocks name no assignee (a hazard report's clocks start before anyone takes it up;
# the duty officer who acknowledged it is its handler): ``handlers(owner_ids)`` returns the handler's user id
# by owner id, for the owners that have one, in a fixed number of queries. The board counts and lists such a
# clock under that person.
ClockHandlers = Callable[[list[int]], Mapping[int, int]]
_HANDLERS: dict[str, ClockHandlers] = {}


def on_clock_handlers(model: type[models.Model], handlers: ClockHandlers) -> ClockHandlers:
    """Register ``handlers`` for the clocks owned by ``model``; registering again replaces it."""
    _HANDLERS[model._meta.label_lower] = handlers
    return handlers


def clock_handlers(owner_label: str) -> ClockHandlers | None:
    """The handlers registered for owners ``owner_label`` (``app_label.model``), if any."""
    return _HANDLERS.get(owner_label)
