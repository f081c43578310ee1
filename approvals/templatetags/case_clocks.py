"""``{{ clock|step_name:application.matter }}``: a case clock's name as applicants and staff read it
(审批期限 for the matter's own limit, ``clock_step_name``); ``{{ application.matter|limit_ends }}``: the words
before the date that limit ends ("审批期限至", ``limit_ends_label``)."""

from __future__ import annotations

from typing import Any

from django import template

from approvals.selectors.filing import clock_step_name, limit_ends_label

register = template.Library()


@register.filter
def step_name(clock: Any, matter: Any) -> str:
    return clock_step_name(clock, matter)


@register.filter
def limit_ends(matter: Any) -> str:
    return limit_ends_label(matter)
