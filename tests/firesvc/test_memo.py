"""The per-process memo in front of the shared cache (firesvc.core.memo) and the scopes kept in it."""

from __future__ import annotations

from django.core.cache import cache

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.accounts.services import org_unit_create
from firesvc.core import memo
from tests.factories import staff


def test_a_value_is_loaded_once_then_kept(db) -> None:
    loads = []
    assert memo.cached("k", 60, lambda: loads.append(1) or "v") == "v"
    assert memo.cached("k", 60, lambda: loads.append(1) or "w") == "v"
    assert loads == [1]


def test_the_process_keeps_a_value_the_shared_cache_lost_for_a_few_seconds_only(db, monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    memo.cached("k", 60, lambda: "old")
    cache.clear()  # another process changed it, or the shared cache was flushed
    assert memo.cached("k", 60, lambda: "new") == "old"
    clock[0] += memo.LOCAL_SECONDS + 1
    assert memo.cached("k", 60, lambda: "new") == "new"


def test_forget_drops_the_value_here_and_in_the_shared_cache(db) -> None:
    memo.cached("k", 60, lambda: "old")
    memo.forget("k")
    assert cache.get("k") is None
    assert memo.cached("k", 60, lambda: "new") == "new"


def test_a_unit_added_below_is_in_its_superiors_scope_at_once(tree, django_capture_on_commit_callbacks) -> None:
    # given a detachment approver whose scope has been read (and kept)
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    before = scope_unit_ids(approver)
    # when a brigade is added under the detachment
    with django_capture_on_commit_callbacks(execute=True):
        brigade = org_unit_create(actor=None, kind=UnitKind.BRIGADE, name="新大队", code="new-bq",
                                  parent=tree["a"]["detachment"])
    # then the approver's next request sees it
    approver.refresh_from_db()
    del approver._scope_unit_ids
    assert brigade.pk not in before and brigade.pk in scope_unit_ids(approver)
