"""Every audit action written in the code has words for the timeline and the audit trail (no event codes on
screens): a literal ``action="…"`` anywhere in the apps or the kernel must be registered with
``firesvc.audit.vocabulary.register_actions``."""

from __future__ import annotations

import re
from pathlib import Path

from firesvc.audit.vocabulary import registered_actions

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
