from collections.abc import Mapping
from typing import Any

from django import template

from firesvc.audit import vocabulary
from firesvc.audit.selectors import occurred_at, timeline_for, timeline_latest

register = template.Library()


@register.inclusion_tag("audit/_timeline.html")
def audit_timeline(obj: Any, limit: int = 200, all_url: str = "",
                   clock_names: Mapping[int, str] | None = None) -> dict[str, Any]:
    """The case timeline: every audited change of ``obj``, oldest first, in words.

    With ``all_url`` (the page of the whole timeline): only the newest ``limit`` changes, and a link to
    that page when there are earlier ones, so the panel costs the same however long the history.
    ``clock_names``: the name of each of ``obj``'s time limits by clock id (the owning app names them), shown
    beside the clock's entries."""
    status_words = vocabulary.status_words_of(obj)
    if all_url:
        latest = timeline_latest(obj, limit=limit)
        return {"events": latest.events, "all_url": all_url if latest.earlier else "", "clock_names": clock_names,
                "status_words": status_words}
    return {"events": list(timeline_for(obj).select_related("content_type")[:limit]), "clock_names": clock_names,
            "status_words": status_words}


@register.filter
def action_words(event: Any) -> str:
    """What the event recorded, in words (never its code)."""
    return vocabulary.action_label(event)


@register.filter
def state_words(event: Any, words: Mapping[str, str] | None = None) -> str:
    """``from → to`` in the object's status words (``words``: its own, ``vocabulary.status_words_of``), or
    nothing when the states are not its statuses."""
    before, after = vocabulary.state_labels(event, words)
    if before and after and before != after:
        return f"{before} → {after}"
    return after if after and not event.from_state else ""


@register.filter
def shown_actor(event: Any) -> Any:
    """Who acted, for ``|person``: nobody (the system) for an act no person took, such as a clock starting."""
    return vocabulary.shown_actor(event)


@register.filter
def due_words(event: Any) -> str:
    """The new due date a clock's entry set ("due by …"), as the applicant's case history gives it."""
    return vocabulary.due_words(event)


@register.filter
def reason_words(event: Any) -> str:
    """The reason a person gave (an internal outcome code is not shown)."""
    return vocabulary.shown_reason(event)


@register.filter
def limit_name(event: Any, clock_names: Mapping[int, str] | None) -> str:
    """The time limit a clock's entry is about (its ``data["clock"]``), by ``clock_names``; nothing otherwise."""
    clock = (event.data or {}).get("clock") if event.action.startswith("clock.") else None
    return clock_names.get(clock, "") if clock_names and isinstance(clock, int) else ""


@register.filter
def event_time(event: Any) -> Any:
    """When the recorded change happened (a change entered after the fact: its own time, not the entry's)."""
    return occurred_at(event)
