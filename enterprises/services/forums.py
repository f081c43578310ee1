"""Forums of enterprise representatives (企业代表座谈会, E4) and the suggestions raised at them.

A forum has no status; recording it and adding a suggestion each write an audit event in their transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.enums import SuggestionSource
from enterprises.models import Enterprise, Forum, ForumAttendee, Suggestion
from enterprises.services import suggestions as suggestion_services
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record


@dataclass(frozen=True)
class Attendee:
    enterprise: Enterprise
    representative: str
    position: str = ""


def can_hold_forums(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff_member)


@transaction.atomic
def forum_create(
    *, actor: Any, unit: OrgUnit, held_on: datetime.date, place: str, topic: str, minutes: str = "",
    attendees: list[Attendee],
) -> Forum:
    """Record a forum held by ``unit`` (in the actor's scope) and who attended. Writes ``forum.held``."""
    if not can_hold_forums(actor) or not can_see_unit(actor, unit.pk):
        raise PermissionDenied(_("You can only record forums of your own unit."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record a forum after it has been held.")})
    if not attendees:
        raise ValidationError({"attendees": _("List at least one attending enterprise.")})
    outside = [a.enterprise.name for a in attendees if not can_see_unit(actor, a.enterprise.brigade_id)]
    if outside:
        raise ValidationError({"attendees": _("Outside your unit: %(names)s") % {"names": "、".join(outside)}})
    forum = Forum.objects.create(unit=unit, held_on=held_on, place=place.strip(), topic=topic.strip(),
                                 minutes=minutes.strip(), recorded_by=actor)
    seen: set[tuple[int, str]] = set()
    for a in attendees:
        key = (a.enterprise.pk, a.representative.strip())
        if key in seen:
            continue
        seen.add(key)
        ForumAttendee.objects.create(forum=forum, enterprise=a.enterprise, representative=a.representative.strip(),
                                     position=a.position.strip())
    audit_record(actor=actor, obj=forum, action="forum.held",
                 data={"held_on": held_on.isoformat(), "enterprises": len({k[0] for k in seen}),
                       "representatives": len(seen)}, unit=unit)
    return forum


@transaction.atomic
def forum_update_minutes(*, actor: Any, forum: Forum, minutes: str) -> Forum:
    """Replace the minutes (会议纪要). Writes ``forum.minutes``."""
    locked = Forum.objects.select_for_update().get(pk=forum.pk)
    if not can_hold_forums(actor) or not can_see_unit(actor, locked.unit_id):
        raise PermissionDenied(_("You can only record forums of your own unit."))
    locked.minutes = minutes.strip()
    locked.save(update_fields=["minutes"])
    audit_record(actor=actor, obj=locked, action="forum.minutes", data={"length": len(locked.minutes)},
                 unit=locked.unit)
    return locked


def forum_add_suggestion(
    *, actor: Any, forum: Forum, content: str, enterprise: Enterprise | None = None, submitter_name: str = "",
) -> Suggestion:
    """A suggestion raised at the forum (E5, source "forum"), handled by the host unit."""
    if enterprise is not None and not forum.attendees.filter(enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("This enterprise did not attend the forum.")})
    if enterprise is not None and not submitter_name.strip():
        first = forum.attendees.filter(enterprise=enterprise).order_by("pk").first()
        submitter_name = first.representative if first else ""
    return suggestion_services.suggestion_create(
        actor=actor, source=SuggestionSource.FORUM, content=content, unit=forum.unit, enterprise=enterprise,
        submitter_name=submitter_name, forum=forum)
