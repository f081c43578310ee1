"""The audit trail in words: what each recorded action means, for timelines and the audit pages.

Screens never show an action's code (``application.deficiency_notice``) or a status code
(``running``): each app names its actions in its ``audit_words.py`` (found at start-up, as the
statistics counters are), and a status is read from the audited model's own ``status`` choices.
A step written by the transition helper without a named action (``<prefix>.<status>``) reads as
the model's name and the new status. An action nobody named reads as "change recorded", never as
its code (a test checks every action of the demo has words).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_actions: dict[str, Any] = {}
# Actions whose ``reason`` is a machine outcome rather than a person's words (not shown).
_quiet_reasons: set[str] = set()
# Actions the system takes as the consequence of another act (a submission starts a clock, a decision stops
# it): recorded with the account whose act caused them, shown as the system's.
_system_acts: set[str] = set()
# Actions that set a new due date (``data["due_date"]``), shown beside them.
_due_date_shown: set[str] = set()
# Per action: the words of one event, from what it recorded (``data``), where they say more than the action's
# own words (which the audit trail's filter offers); nothing from it falls back to those.
_event_words: dict[str, Callable[[Any], str]] = {}
# Per model (``"approvals.application"``): the object's statuses in its own words, where they depend on the
# object (a completion filing's statuses are not a permit's); by status value.
_status_words: dict[str, Callable[[Any], Mapping[str, str]]] = {}


def register_actions(words: Mapping[str, Any], *, quiet_reasons: tuple[str, ...] = (),
                     system_acts: tuple[str, ...] = (), due_date_shown: tuple[str, ...] = (),
                     event_words: Mapping[str, Callable[[Any], str]] | None = None) -> None:
    """Name actions (``{"application.accept": gettext_lazy("Accepted")}``); ``quiet_reasons``: actions whose
    recorded reason is an internal outcome, hidden on screens; ``system_acts``: actions no person took (shown
    as the system's); ``due_date_shown``: actions whose new due date is shown beside them; ``event_words``:
    per action, the words of one event from what it recorded (``"Linked to report #7"``), or nothing to use
    the action's words."""
    _actions.update(words)
    _event_words.update(event_words or {})
    _quiet_reasons.update(quiet_reasons)
    _system_acts.update(system_acts)
    _due_date_shown.update(due_date_shown)


def register_status_words(model: str, words_of: Callable[[Any], Mapping[str, str]]) -> None:
    """Let the app owning ``model`` (a ``label_lower``) word its objects' statuses per object, for timelines:
    ``words_of(obj)`` gives every status value's words for that object."""
    _status_words[model] = words_of


def status_words_of(obj: Any) -> Mapping[str, str] | None:
    """``obj``'s statuses in its own words (``register_status_words``), or None where its model's choices say it."""
    words_of = _status_words.get(obj._meta.label_lower) if obj is not None else None
    return words_of(obj) if words_of is not None else None


def has_words(action: str) -> bool:
    return action in _actions


def registered_actions() -> dict[str, Any]:
    return dict(_actions)


def _status_choices(event: Any) -> dict[str, Any]:
    model = event.content_type.model_class() if event.content_type_id else None
    if model is None:
        return {}
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:  # a model without a status field has no status words
        return {}
    return dict(field.flatchoices or ())


def action_label(event: Any) -> str:
    """The action of ``event`` in words (the event's own, where its action's app words them)."""
    worded = _event_words[event.action](event) if event.action in _event_words else ""
    if worded:
        return str(worded)
    if event.action in _actions:
        return str(_actions[event.action])
    choices = _status_choices(event)
    if event.to_state in choices and event.action.endswith(f".{event.to_state}"):
        model = event.content_type.model_class()
        return f"{model._meta.verbose_name}：{choices[event.to_state]}" if model else str(choices[event.to_state])
    return str(_("Change recorded"))


def state_labels(event: Any, words: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The from and to states in words, or empty strings when they are not the object's statuses
    (a clock's or a review's own states: the action's words say what happened). ``words``: the object's own
    (``status_words_of``), where its app gives them."""
    choices = _status_choices(event)
    if words and choices:
        choices = {value: words.get(value, label) for value, label in choices.items()}
    return (str(choices.get(event.from_state, "")), str(choices.get(event.to_state, "")))


def shown_reason(event: Any) -> str:
    return "" if event.action in _quiet_reasons else event.reason


def shown_actor(event: Any) -> Any:
    """Who acted, as screens show it: nobody (the system) for a system act, the recorded account otherwise."""
    return None if event.action in _system_acts else event.actor


def data_date(value: Any) -> str:
    """A date stored in an event's data (ISO text) as the pages print dates; nothing when it is not one."""
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except (TypeError, ValueError):
        return ""


def due_words(event: Any) -> str:
    """The new due date an event set ("due by 2026-04-03"), for the actions that set one; nothing otherwise."""
    due = data_date((event.data or {}).get("due_date")) if event.action in _due_date_shown else ""
    return gettext("due by %(date)s") % {"date": due} if due else ""


# The kernel's own actions (working days, clocks, rules, organisation).
register_actions({
    "clock.start": _("Time limit started"),
    "clock.pause": _("Time limit suspended"),
    "clock.resume": _("Time limit running again"),
    "clock.extend": _("Time limit extended on approval"),
    "clock.stop": _("Time limit stopped"),
    "clock.promised_limit": _("Shorter promised time limit applied"),
    "clock.recompute": _("Due date moved by a calendar change"),
    "ruleset.activate": _("Time-limit rules put in force"),
    "calendar_day.set": _("Calendar day set"),
    "calendar_day.remove": _("Calendar day removed"),
    "calendar_year.set": _("Calendar year set"),
    "calendar_year.load": _("Holidays of a year loaded"),
    "calendar_year.remove": _("Calendar year removed"),
    "org_unit.create": _("Organisation unit created"),
    "org_unit.place_under": _("Organisation unit placed under a new level above it"),
    "account.password_reset_code": _("Password reset code sent"),
    "account.password_reset": _("Password reset with a code"),
    "account.password_reset_by_administrator": _("Password reset by an administrator"),
}, quiet_reasons=("clock.stop",),
    # A clock starts, stops and follows the calendar by itself; a pause, a resumption and an extension are a
    # named officer's decision (and the only record of who took it).
    system_acts=("clock.start", "clock.stop", "clock.recompute"),
    due_date_shown=("clock.start", "clock.resume", "clock.extend", "clock.recompute"))
