"""The return-visit sampling rule (B3): a pure function, reproducible, picking the configured share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.enums import ActKind
from feedback.models import ReturnVisit, SamplingRule
from feedback.services.sampling import is_sampled
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import staff
from tests.feedback.supervision_helpers import make_act


def test_sampling_picks_the_configured_share() -> None:
    picked = sum(is_sampled(act_id=i, seed="2026", share_percent=30) for i in range(1, 5001))
    assert 0.28 < picked / 5000 < 0.32


def test_sampling_is_reproducible() -> None:
    first = [is_sampled(act_id=i, seed="2026", share_percent=30) for i in range(1, 500)]
    second = [is_sampled(act_id=i, seed="2026", share_percent=30) for i in range(1, 500)]
    assert first == second


def test_sampling_changes_with_the_seed() -> None:
    a = [is_sampled(act_id=i, seed="2026", share_percent=30) for i in range(1, 500)]
    b = [is_sampled(act_id=i, seed="other", share_percent=30) for i in range(1, 500)]
    assert a != b


@given(st.integers(min_value=1, max_value=10**12))
def test_sampling_all_and_nothing_are_absolute(act_id: int) -> None:
    assert is_sampled(act_id=act_id, seed="x", share_percent=100) is True
    assert is_sampled(act_id=act_id, seed="x", share_percent=0) is False


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_sampling_is_monotonic_in_the_share(act_id: int, share: int) -> None:
    # an act picked at a share stays picked when the share grows
    if is_sampled(act_id=act_id, seed="s", share_percent=share):
        assert is_sampled(act_id=act_id, seed="s", share_percent=share + 1)


@pytest.mark.django_db
def test_recorded_acts_get_visits_as_the_rule_says(tree) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    SamplingRule.objects.update_or_create(act_kind=ActKind.INSPECTION, defaults={"share_percent": 50, "seed": "k"})
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    acts = [make_act(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.INSPECTION) for _ in range(20)]
    expected = {a.pk for a in acts if is_sampled(act_id=a.pk, seed="k", share_percent=50)}
    assert set(ReturnVisit.objects.values_list("act_id", flat=True)) == expected


@pytest.mark.django_db
def test_default_rules_visit_every_penalty(tree) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    act = make_act(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.PENALTY)
    assert ReturnVisit.objects.filter(act=act).exists()
