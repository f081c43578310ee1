"""The names the kernel's screens give clocks (``clock_rule_names``): each clock's rule, unless the owner's app
registered the names its case pages use (``firesvc.sla.hooks.on_clock_names``)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from firesvc.sla import hooks
from firesvc.sla.models import Clock, TimeLimitRule
from firesvc.sla.selectors import clock_rule_names
from tests.factories import EnterpriseFactory


def test_each_clock_is_named_by_its_rule() -> None:
    clocks = [Clock(pk=7, rule=TimeLimitRule(name="整改复查")), Clock(pk=9, rule=TimeLimitRule(name="举报核查(其他)"))]
    assert clock_rule_names(clocks) == {7: "整改复查", 9: "举报核查(其他)"}


@pytest.mark.django_db
def test_the_clocks_of_an_owner_whose_app_registered_names_take_those_names(monkeypatch) -> None:
    # given an app that names its cases' clocks itself, and a clock of another owner
    model = EnterpriseFactory._meta.model
    monkeypatch.setattr(hooks, "_NAMERS", {})
    hooks.on_clock_names(model, lambda clocks: {clock.pk: "审批期限" for clock in clocks})
    kinds = ContentType.objects.get_for_model
    owned = Clock(pk=7, owner_type=kinds(model), rule=TimeLimitRule(name="消防验收"))
    other = Clock(pk=9, owner_type=kinds(TimeLimitRule), rule=TimeLimitRule(name="整改复查"))
    # then
    assert clock_rule_names([owned, other]) == {7: "审批期限", 9: "整改复查"}
