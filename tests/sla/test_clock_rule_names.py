"""The names an audit timeline gives a clock's entries: each clock's rule (``clock_rule_names``)."""

from __future__ import annotations

from firesvc.sla.models import Clock, TimeLimitRule
from firesvc.sla.selectors import clock_rule_names


def test_each_clock_is_named_by_its_rule() -> None:
    clocks = [Clock(pk=7, rule=TimeLimitRule(name="整改复查")), Clock(pk=9, rule=TimeLimitRule(name="举报核查(其他)"))]
    assert clock_rule_names(clocks) == {7: "整改复查", 9: "举报核查(其他)"}
