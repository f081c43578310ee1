"""``{{ clock|step_name:application.matter }}``: a case clock's name as applicants and staff read it
(审批期限 for the matter's own limit, ``clock_step_name``)."""

from __future__ import annotations

from typing import Any

from django import template

from approvals.selectors.filing import clock_step_name

register = template.Library()


@register.filter
def step_name(clock: Any, matter: Any) -> str:
    return clock_step_name(clock, matter)
