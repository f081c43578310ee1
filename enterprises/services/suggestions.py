"""Opinions and suggestions (意见建议, E5): received, assigned, accepted or declined, rectified, fed back, rated.

Statuses change only in ``_transition``, checked against ``enums.SUGGESTION_TRANSITIONS``; every command
locks the row and writes its audit event in the same transaction. Feedback runs against the SLA rule
``suggestion.feedback`` (a clock started on receipt, stopped when the reply goes out).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.enums import (
    SUGGESTION_TRANSITIONS,
    AccountStatus,
    Satisfaction,
    SuggestionSource,
    SuggestionStatus,
)
from enterprises.models import Enterprise, EnterpriseAccount, Forum, Suggestion, Visit
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.accounts.selectors import nearest_with_roles
from firesvc.audit.services import audit_record
from firesvc.core.numbering import next_number
from firesvc.core.phones import check_contact_phone
from firesvc.core.transitions import Workflow, transition
from firesvc.notifications.services import notify
from firesvc.sla.enums import ClockStatus
from firesvc.sla.hooks import DeadlineMove
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop

RULE_CODE = "suggestion.feedback"
# What staff record on the suggestion form; a visit's and a forum's suggestions are recorded on its own page,
# which links them to it (suggestion_create refuses those sources without the visit or forum).
STAFF_FORM_SOURCES = (SuggestionSource.WINDOW, SuggestionSource.RETURN_VISIT, SuggestionSource.DEPUTY)


def can_handle_suggestions(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff_member)


def _check_staff_for(actor: Any, unit_id: int | None) -> None:
    if not can_handle_suggestions(actor) or not can_see_unit(actor, unit_id):
        raise PermissionDenied(_("This suggestion belongs to a unit outside your own."))


SUGGESTION_FLOW = Workflow(
    transitions=SUGGESTION_TRANSITIONS,
    refused=gettext_lazy("This suggestion is already %(status)s."),
    unit=lambda suggestion: suggestion.unit,
    action_prefix="suggestion",
    writes=("updated_at",),
)


def _locked(actor: Any, suggestion: Suggestion) -> Suggestion:
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _check_staff_for(actor, locked.unit_id)
    return locked


def _detail_url(suggestion: Suggestion, *, for_enterprise: bool) -> str:
    name = "enterprises:suggestion_mine" if for_enterprise else "enterprises:suggestion_detail"
    return reverse(name, args=[suggestion.pk])


@transaction.atomic
def suggestion_create(
    *, actor: Any, source: str, content: str, unit: OrgUnit | None = None, enterprise: Enterprise | None = None,
    submitter_name: str = "", submitter_phone: str = "", visit: Visit | None = None, forum: Forum | None = None,
) -> Suggestion:
    """Receive a suggestion and start its feedback clock.

    ``online``: ``actor`` is a verified user of ``enterprise``; the enterprise's brigade handles it.
    Other sources: ``actor`` is staff who can see ``unit`` (default: the enterprise's brigade).
    Side effects: a number, an SLA clock (``suggestion.feedback``), ``suggestion.submitted`` in the audit log.
    """
    content = content.strip()
    if not content:
        raise ValidationError({"content": _("Write the suggestion.")})
    if source not in SuggestionSource.values:
        raise ValidationError({"source": _("Choose where the suggestion came from.")})
    if source == SuggestionSource.VISIT and visit is None:
        raise ValidationError({"source": _("Record a suggestion made at a visit on the visit's page.")})
    if source == SuggestionSource.FORUM and forum is None:
        raise ValidationError({"source": _("Record a suggestion made at a forum on the forum's page.")})
    # The number typed for the reply: a mobile or a landline number (one left empty falls back below).
    phone_error = check_contact_phone(submitter_phone, field="submitter_phone")
    if phone_error:
        raise ValidationError(phone_error)
    submitted_by = None
    if source == SuggestionSource.ONLINE:
        if enterprise is None or not EnterpriseAccount.objects.filter(
                user=actor, enterprise=enterprise, status=AccountStatus.VERIFIED).exists():
            raise PermissionDenied(_("Only a verified user of the enterprise can send a suggestion online."))
        unit = enterprise.brigade
        submitted_by = actor
        submitter_name = submitter_name.strip() or actor.get_full_name()
        submitter_phone = submitter_phone.strip() or getattr(actor, "phone", "")
    else:
        unit = unit or (enterprise.brigade if enterprise is not None else None)
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit that handles the suggestion.")})
        # A grid manager records what an enterprise of the grid says; the brigade above handles it.
        in_grid = enterprise is not None and enterprise.grid_id is not None and can_see_unit(actor, enterprise.grid_id)
        if not (in_grid and unit.pk == enterprise.brigade_id):  # type: ignore[union-attr]
            _check_staff_for(actor, unit.pk)
        if enterprise is not None and not (in_grid or can_see_unit(actor, enterprise.brigade_id)):
            raise PermissionDenied(_("This enterprise is outside your unit."))
        submitter_name = submitter_name.strip() or (enterprise.contact_name if enterprise is not None else "")
        submitter_phone = submitter_phone.strip() or (enterprise.contact_phone if enterprise is not None else "")
        if not submitter_name:
            raise ValidationError({"submitter_name": _("Say who made the suggestion.")})
    now = timezone.localtime()
    number = f"YJ{now:%Y}{next_number(f'suggestion:{now:%Y}'):06d}"
    suggestion = Suggestion.objects.create(
        number=number, unit=unit, enterprise=enterprise, source=source, visit=visit, forum=forum,
        submitter_name=submitter_name[:60], submitter_phone=submitter_phone[:30], submitted_by=submitted_by,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None, content=content,
    )
    audit_record(actor=actor, obj=suggestion, action="suggestion.submitted", to_state=suggestion.status,
                 data={"source": source, "enterprise": enterprise.pk if enterprise else None,
                       "visit": visit.pk if visit else None, "forum": forum.pk if forum else None}, unit=unit)
    _feedback_clock_start(suggestion, actor=actor)
    return suggestion


def _feedback_clock_start(suggestion: Suggestion, *, actor: Any) -> Clock:
    """Start the reply's clock (``suggestion.feedback``, from now) and keep its deadline on the row, which
    orders the open queue."""
    clock = clock_start(owner=suggestion, rule_code=RULE_CODE, unit=suggestion.unit, actor=actor)
    suggestion.due_at = clock.due_at
    suggestion.save(update_fields=["due_at"])
    return clock


@transaction.atomic
def suggestion_assign(*, actor: Any, suggestion: Suggestion, assignee: User) -> Suggestion:
    """Hand the suggestion to a member of staff of the unit. Writes ``suggestion.assigned``; notifies them."""
    locked = _locked(actor, suggestion)
    if not can_handle_suggestions(assignee) or not can_see_unit(assignee, locked.unit_id):
        raise ValidationError({"assignee": _("Choose a member of staff of the handling unit.")})
    transition(workflow=SUGGESTION_FLOW, obj=locked, to=SuggestionStatus.ASSIGNED, actor=actor,
               fields={"assignee": assignee}, data={"assignee": assignee.pk})
    notify(recipient=assignee, kind="suggestion_assigned",
           title=_("Suggestion %(number)s assigned to you") % {"number": locked.number},
           body=locked.content[:200], url=_detail_url(locked, for_enterprise=False))
    return locked


@transaction.atomic
def suggestion_accept(*, actor: Any, suggestion: Suggestion, note: str = "") -> Suggestion:
    """The unit takes the suggestion up (采纳). Writes ``suggestion.accepted``."""
    locked = _locked(actor, suggestion)
    transition(workflow=SUGGESTION_FLOW, obj=locked, to=SuggestionStatus.ACCEPTED, actor=actor, reason=note.strip())
    return locked


@transaction.atomic
def suggestion_decline(*, actor: Any, suggestion: Suggestion, reason: str) -> Suggestion:
    """Decline with a reason the submitter will read. Writes ``suggestion.declined``."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; the submitter will read it.")})
    locked = _locked(actor, suggestion)
    transition(workflow=SUGGESTION_FLOW, obj=locked, to=SuggestionStatus.DECLINED, actor=actor,
               fields={"decline_reason": reason}, reason=reason)
    return locked


@transaction.atomic
def suggestion_rectify(*, actor: Any, suggestion: Suggestion, rectification: str) -> Suggestion:
    """Record what was changed (整改). Writes ``suggestion.rectified``."""
    rectification = rectification.strip()
    if not rectification:
        raise ValidationError({"rectification": _("Say what was changed.")})
    locked = _locked(actor, suggestion)
    transition(workflow=SUGGESTION_FLOW, obj=locked, to=SuggestionStatus.RECTIFIED, actor=actor,
               fields={"rectification": rectification})
    return locked


def _submitter_accounts(suggestion: Suggestion) -> list[User]:
    if suggestion.submitted_by_id is not None:
        return [suggestion.submitted_by]  # type: ignore[list-item]
    if suggestion.enterprise_id is None:
        return []
    return [a.user for a in EnterpriseAccount.objects.filter(
        enterprise_id=suggestion.enterprise_id, status=AccountStatus.VERIFIED).select_related("user")]


@transaction.atomic
def suggestion_feed_back(*, actor: Any, suggestion: Suggestion, feedback: str) -> Suggestion:
    """Reply to the submitter (反馈): stops the feedback clock, writes ``suggestion.fed_back``,
    notifies the submitter's account (or the enterprise's verified users)."""
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError({"feedback": _("Write the reply to the submitter.")})
    locked = _locked(actor, suggestion)
    at = timezone.now()
    # A reopened suggestion's new reply is rated afresh (the dissatisfied rating stays in its audit trail).
    transition(workflow=SUGGESTION_FLOW, obj=locked, to=SuggestionStatus.FED_BACK, actor=actor,
               fields={"feedback": feedback, "fed_back_at": at, "satisfaction": "", "satisfaction_comment": ""})
    clock = Clock.objects.for_owner(locked).exclude(status=ClockStatus.STOPPED).first()
    if clock is not None:
        clock_stop(clock=clock, actor=actor, outcome="fed_back", at=max(at, clock.started_at))
    for user in _submitter_accounts(locked):
        notify(recipient=user, kind="suggestion_fed_back",
               title=_("Reply to your suggestion %(number)s") % {"number": locked.number},
               body=feedback[:200], url=_detail_url(locked, for_enterprise=True),
               dedupe_key=f"suggestion:{locked.pk}:fed_back:{user.pk}")
    return locked


def can_rate(user: Any, suggestion: Suggestion) -> bool:
    """The submitter (or a verified user of the enterprise) rates online; staff record a return-visit answer."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff_member:
        return can_see_unit(user, suggestion.unit_id)
    if suggestion.submitted_by_id is not None:
        return suggestion.submitted_by_id == user.pk
    return suggestion.enterprise_id is not None and EnterpriseAccount.objects.filter(
        user=user, enterprise_id=suggestion.enterprise_id, status=AccountStatus.VERIFIED).exists()


@transaction.atomic
def suggestion_rate(*, actor: Any, suggestion: Suggestion, satisfaction: str, comment: str = "") -> Suggestion:
    """The submitter's satisfaction with the reply (once per reply). Writes ``suggestion.rated``.

    A dissatisfied rating reopens the suggestion for the unit's approvers (``suggestion.reopened``, in the
    same transaction): they are told in their inbox and find it in their open queue and on their desk.
    """
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not can_rate(actor, locked):
        raise PermissionDenied(_("Only the submitter can rate the reply."))
    if locked.status != SuggestionStatus.FED_BACK:
        raise ValidationError(_("The reply has not been sent yet."))
    if locked.satisfaction:
        raise ValidationError(_("The reply has already been rated."))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose how satisfied the submitter is.")})
    locked.satisfaction, locked.satisfaction_comment = satisfaction, comment.strip()[:300]
    locked.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
    audit_record(actor=actor, obj=locked, action="suggestion.rated", reason=locked.satisfaction_comment,
                 data={"satisfaction": satisfaction}, unit=locked.unit)
    if satisfaction == Satisfaction.DISSATISFIED:
        suggestion_reopen(actor=actor, suggestion=locked)
    return locked


def _approvers_for(unit: OrgUnit) -> list[User]:
    """The approvers of ``unit``, else those of the nearest unit above it with one (a brigade without an
    approver must not leave a reopened suggestion unannounced)."""
    return nearest_with_roles(unit=unit, roles=[Role.APPROVER]).people


@transaction.atomic
def suggestion_reopen(*, actor: Any, suggestion: Suggestion) -> Suggestion:
    """Back to the handling unit after a dissatisfied rating. Writes ``suggestion.reopened``; starts a new
    feedback clock for the second reply (the rule of the first, from now: its reminder and escalation follow);
    tells the unit's approvers (else the nearest above it), who assign, accept or decline it again."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    transition(workflow=SUGGESTION_FLOW, obj=locked, to=SuggestionStatus.REOPENED, actor=actor,
               reason=locked.satisfaction_comment, data={"satisfaction": locked.satisfaction})
    _feedback_clock_start(locked, actor=actor)
    for approver in _approvers_for(locked.unit):
        notify(recipient=approver, kind="suggestion_reopened",
               title=_("Suggestion %(number)s reopened: the submitter is dissatisfied with the reply")
               % {"number": locked.number},
               body=(locked.satisfaction_comment or locked.content)[:200],
               url=_detail_url(locked, for_enterprise=False),
               dedupe_key=f"suggestion:{locked.pk}:reopened:{locked.updated_at:%Y%m%d%H%M%S%f}:{approver.pk}")
    return locked


def suggestion_deadline_moved(move: DeadlineMove) -> None:
    """A calendar change moved a suggestion's feedback clock (``firesvc.sla.hooks``): its row follows."""
    Suggestion.objects.filter(pk=move.clock.owner_id).update(due_at=move.clock.due_at)
