"""A user's scope is kept in the shared cache, so every web server sees the same tree."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import scope_cache_key
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.accounts.services import org_unit_create
from tests.factories import staff


def test_a_scope_is_loaded_once_then_read_from_the_shared_cache(tree, django_assert_num_queries) -> None:
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    scope = scope_unit_ids(approver)
    assert cache.get(scope_cache_key(tree["a"]["detachment"].pk)) == scope
    other_request = staff(Role.REVIEWER, tree["a"]["detachment"])
    other_request.role_names  # noqa: B018  (read the roles first: only the scope is counted)
    with django_assert_num_queries(0):
        assert scope_unit_ids(other_request) == scope


def test_a_scope_another_server_changed_is_seen_at_once(tree) -> None:
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    scope_unit_ids(approver)
    cache.set(scope_cache_key(tree["a"]["detachment"].pk), [1, 2], 60)  # as another web server writes it
    approver.refresh_from_db()
    del approver.visible_unit_ids
    assert scope_unit_ids(approver) == [1, 2]


def test_a_unit_added_below_is_in_its_superiors_scope_at_once(tree, django_capture_on_commit_callbacks) -> None:
    # given a detachment approver whose scope has been read (and kept in the shared cache)
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    before = scope_unit_ids(approver)
    # when a brigade is added under the detachment
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        brigade = org_unit_create(actor=None, kind=UnitKind.BRIGADE, name="新大队", code="new-bq",
                                  parent=tree["a"]["detachment"])
        # then the cached scope stays until the commit (dropped before, another server could reload the old tree)
        assert cache.get(scope_cache_key(tree["a"]["detachment"].pk)) == before
    # and the approver's next request sees the brigade
    approver.refresh_from_db()
    del approver.visible_unit_ids
    assert brigade.pk not in before and brigade.pk in scope_unit_ids(approver)
