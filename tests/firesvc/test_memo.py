"""Lookups kept in the shared cache (firesvc.core.memo) and the scopes kept there."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import scope_cache_key, scope_unit_ids
from firesvc.accounts.services import org_unit_create
from firesvc.core import memo
from tests.factories import staff


def test_cached_loads_a_value_once_then_reads_the_shared_cache(db) -> None:
    loads = []
    assert memo.cached("k", 60, lambda: loads.append(1) or "v") == "v"
    assert memo.cached("k", 60, lambda: loads.append(1) or "w") == "v"
    assert loads == [1]
    assert cache.get("k") == "v"


def test_cached_sees_another_servers_change_at_once(db) -> None:
    memo.cached("k", 60, lambda: "old")
    cache.set("k", "changed", 60)  # as another web server writes it to the shared cache
    assert memo.cached("k", 60, lambda: "loaded") == "changed"


def test_cached_loads_afresh_once_another_server_dropped_the_value(db) -> None:
    memo.cached("k", 60, lambda: "old")
    cache.delete("k")  # another server's forget, or a flushed cache
    assert memo.cached("k", 60, lambda: "new") == "new"


def test_forget_drops_the_value_from_the_shared_cache(db) -> None:
    memo.cached("k", 60, lambda: "old")
    memo.forget("k")
    assert cache.get("k") is None
    assert memo.cached("k", 60, lambda: "new") == "new"


def test_forget_on_commit_keeps_the_value_until_the_transaction_commits(db, django_capture_on_commit_callbacks) -> None:
    memo.cached("k", 60, lambda: "old")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        memo.forget_on_commit("k")
        assert cache.get("k") == "old"
    assert cache.get("k") is None


def test_a_unit_added_below_is_in_its_superiors_scope_at_once(tree, django_capture_on_commit_callbacks) -> None:
    # given a detachment approver whose scope has been read (and kept in the shared cache)
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    before = scope_unit_ids(approver)
    assert cache.get(scope_cache_key(tree["a"]["detachment"].pk)) == before
    # when a brigade is added under the detachment
    with django_capture_on_commit_callbacks(execute=True):
        brigade = org_unit_create(actor=None, kind=UnitKind.BRIGADE, name="新大队", code="new-bq",
                                  parent=tree["a"]["detachment"])
    # then the approver's next request sees it
    approver.refresh_from_db()
    del approver._scope_unit_ids
    assert brigade.pk not in before and brigade.pk in scope_unit_ids(approver)
