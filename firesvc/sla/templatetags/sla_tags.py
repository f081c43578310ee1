from typing import Any

from django import template

from firesvc.sla.selectors import clock_view

register = template.Library()


@register.inclusion_tag("sla/_clock.html")
def sla_clock(clock: Any, show_pauses: bool = True, title: str = "") -> dict[str, Any]:
    """A clock's card, due date, remaining time and pauses with their reasons. ``title``: what the page calls
    the clock, where its rule's name is not for the reader (an applicant's case names it by the matter)."""
    return {"view": clock_view(clock), "show_pauses": show_pauses, "title": title or clock.rule.name}


@register.simple_tag
def sla_card(clock: Any) -> str:
    return clock_view(clock).card.value
