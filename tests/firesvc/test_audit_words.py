"""Every audit action written in the code has words for the timeline and the audit trail (no event codes on
screens): a literal ``action="…"`` anywhere in the apps or the kernel must be registered with
``firesvc.audit.vocabulary.register_actions``."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from django.utils import translation

from firesvc.audit.vocabulary import due_words, registered_actions, shown_actor

ROOT = Path(__file__).resolve().parents[2]
ACTION = re.compile(r'action=\s*"([a-z_]+\.[a-z_.]+)"')


def _written_actions() -> set[str]:
    found: set[str] = set()
    for package in ("approvals", "enterprises", "feedback", "firesvc"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found |= set(ACTION.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_actions_it_looks_for() -> None:
    assert {"decision.sign", "clock.recompute", "calendar_day.set"} <= _written_actions()


def test_every_written_action_has_words() -> None:
    assert sorted(_written_actions() - set(registered_actions())) == []


def _event(action: str, **data: object) -> SimpleNamespace:
    return SimpleNamespace(action=action, actor=SimpleNamespace(pk=1), data=data)


def test_a_clock_starting_is_shown_as_no_persons_act() -> None:
    assert shown_actor(_event("clock.start")) is None


def test_a_clock_suspended_keeps_the_officer_who_decided() -> None:
    event = _event("clock.pause")
    assert shown_actor(event) is event.actor


def test_a_started_clock_gives_its_due_date() -> None:
    with translation.override("en"):
        assert due_words(_event("clock.start", due_date="2026-04-03")) == "due by 2026-04-03"


def test_a_suspended_clock_gives_no_due_date() -> None:
    # while suspended the recorded due date is the one before the pause: it is not a due date
    assert due_words(_event("clock.pause", due_date="2026-04-03")) == ""


def test_an_event_is_shown_in_its_own_words_where_its_app_gives_them(monkeypatch) -> None:
    from firesvc.audit import vocabulary

    monkeypatch.setitem(vocabulary._actions, "thing.link", "Linked")
    monkeypatch.setitem(vocabulary._event_words, "thing.link", lambda event: f"Linked to #{event.data['to']}")
    assert vocabulary.action_label(_event("thing.link", to=7)) == "Linked to #7"


def test_an_event_without_its_own_words_is_shown_in_its_actions(monkeypatch) -> None:
    from firesvc.audit import vocabulary

    monkeypatch.setitem(vocabulary._actions, "thing.link", "Linked")
    monkeypatch.setitem(vocabulary._event_words, "thing.link", lambda event: "")
    assert vocabulary.action_label(_event("thing.link")) == "Linked"
