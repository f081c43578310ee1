from typing import Any

from django import template

from firesvc.audit import vocabulary
from firesvc.audit.selectors import timeline_for

register = template.Library()


@register.inclusion_tag("audit/_timeline.html")
def audit_timeline(obj: Any, limit: int = 200) -> dict[str, Any]:
    """The case timeline: every audited change of ``obj``, oldest first, in words."""
    return {"events": list(timeline_for(obj).select_related("content_type")[:limit])}


@register.filter
def action_words(event: Any) -> str:
    """What the event recorded, in words (never its code)."""
    return vocabulary.action_label(event)


@register.filter
def state_words(event: Any) -> str:
    """``from → to`` in the object's status words, or nothing when the states are not its statuses."""
    before, after = vocabulary.state_labels(event)
    if before and after and before != after:
        return f"{before} → {after}"
    return after if after and not event.from_state else ""


@register.filter
def reason_words(event: Any) -> str:
    """The reason a person gave (an internal outcome code is not shown)."""
    return vocabulary.shown_reason(event)
