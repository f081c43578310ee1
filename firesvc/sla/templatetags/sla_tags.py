from collections.abc import Mapping
from typing import Any

from django import template

from firesvc.sla.selectors import clock_view, due_label

register = template.Library()


@register.inclusion_tag("sla/_clock.html")
def sla_clock(clock: Any, show_pauses: bool = True, title: str = "", stopped: str = "") -> dict[str, Any]:
    """A clock's card, due date, remaining time and pauses with their reasons. ``title``: what the page calls
    the clock, where its rule's name is not for the reader (an applicant's case names it by the matter);
    ``stopped``: what its stop says, where the step was not done but made moot (else "this step was completed")."""
    return {"view": clock_view(clock), "show_pauses": show_pauses, "title": title or clock.rule.name,
            "stopped": stopped}


@register.simple_tag
def sla_card(clock: Any) -> str:
    return clock_view(clock).card.value


@register.filter
def sla_due(clock: Any) -> str:
    """The clock's deadline as shown everywhere: the last day allowed, or the local time of a minute or hour
    clock (``firesvc.sla.selectors.due_label``)."""
    return due_label(clock) if clock is not None else ""


@register.filter
def clock_name(clock: Any, names: Mapping[int, str] | None) -> str:
    """What the page calls ``clock``: its name in ``names`` (``firesvc.sla.selectors.clock_rule_names``, the words
    of its case's pages), else its rule's."""
    return (names or {}).get(clock.pk) or clock.rule.name


@register.filter
def clock_case(clock: Any) -> str:
    """The case a clock runs for, as the board names it: its kind, then the case as it names itself, without
    saying the kind twice where the case's own name begins with it (a hazard report is “隐患举报 #4 …”)."""
    kind = str(clock.owner_type.name) if clock.owner_type_id is not None else ""
    owner = clock.owner
    if owner is None:
        return f"{kind} #{clock.owner_id}".strip()
    text = str(owner)
    return text if not kind or text.casefold().startswith(kind.casefold()) else f"{kind} {text}"
