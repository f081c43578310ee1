from typing import Any

from django import template

from firesvc.audit.selectors import timeline_for

register = template.Library()


@register.inclusion_tag("audit/_timeline.html")
def audit_timeline(obj: Any, limit: int = 200) -> dict[str, Any]:
    """The case timeline: every audited change of ``obj``, oldest first."""
    return {"events": list(timeline_for(obj)[:limit])}
