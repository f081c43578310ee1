from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from firesvc.core.sms import MemorySmsBackend
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def sms_outbox() -> Iterator[list[tuple[str, str]]]:
    """The in-memory SMS gateway's messages, empty at the start of each test."""
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture(autouse=True)
def kicks(monkeypatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Record the delivery tasks ``notify`` enqueues instead of publishing them to a broker."""
    calls: list[dict[str, Any]] = []
    from firesvc.notifications.tasks import deliver_outbox

    monkeypatch.setattr(deliver_outbox, "apply_async", lambda *a, **kw: calls.append(kw))
    return calls


@pytest.fixture
def person(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="wang.li@example.cn", phone="13800138001")


@pytest.fixture
def other(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="zhao.min@example.cn", phone="13800138002")
