"""Return visits (回访, DOMAIN.md B3), done on site or by phone by discipline staff.

A visit is reached on one of at most three attempts, each on a different day; after three
unanswered attempts it ends as not reached. Either way its ``return_visit.due`` clock stops.
A satisfaction of 1–2 opens a complaint like a bad receipt rating does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.enums import VISIT_TRANSITIONS, ComplaintKind, ComplaintSource, VisitMethod, VisitStatus
from feedback.models import ReturnVisit, VisitAttempt
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.transitions import Workflow, transition
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_stop

MAX_ATTEMPTS = 3
BAD_SATISFACTION_MAX = 2


VISIT_FLOW = Workflow(
    transitions=VISIT_TRANSITIONS,
    refused=gettext_lazy("This return visit is already finished."),
    unit=lambda visit: visit.act.unit,
    action_prefix="visit",
)


def can_visit(user: Any, visit: ReturnVisit) -> bool:
    return bool(getattr(user, "is_authenticated", False)
                and (user.has_role(Role.SUPERVISOR) or user.is_administrator)
                and can_see_unit(user, visit.act.unit_id))


@transaction.atomic
def visit_attempt_record(
    *, visit: ReturnVisit, actor: Any, method: str, reached: bool, note: str = "", questions_answers: str = "",
    satisfaction: int | None = None, problem: str = "", at: datetime | None = None,
) -> ReturnVisit:
    """Record one attempt. Reached: the visit is done. Not reached on the third day: it ends unreached.

    Side effects: a ``VisitAttempt``; on finishing, ``visit.done``/``visit.unreached`` audit and the clock
    stopped; a complaint when satisfaction is 1–2, which must name the problem raised.
    """
    from feedback.services.complaints import complaint_open

    if not can_visit(actor, visit):
        raise PermissionDenied(_("Only discipline staff of the act's unit can record return visits."))
    if method not in VisitMethod.values:
        raise ValidationError({"method": _("Choose on site or by phone.")})
    if reached:
        errors = {}
        if satisfaction is None or not 1 <= int(satisfaction) <= 5:
            errors["satisfaction"] = _("Give the satisfaction from 1 to 5.")
        if not questions_answers.strip():
            errors["questions_answers"] = _("Write down the questions asked and the answers.")
        # A dissatisfied answer opens a complaint: it must say what the person is dissatisfied with, as a
        # resident's own dissatisfied rating must.
        if (satisfaction is not None and 1 <= int(satisfaction) <= BAD_SATISFACTION_MAX
                and not (problem or "").strip()):
            errors["problem"] = _("The person is dissatisfied: write down the problem they raised.")
        if errors:
            raise ValidationError(errors)
    at = at or timezone.now()
    visit = ReturnVisit.objects.select_for_update().select_related("act", "act__unit").get(pk=visit.pk)
    if visit.status != VisitStatus.DUE:
        raise ValidationError(_("This return visit is already finished."))
    day = timezone.localdate(at)
    earlier = list(visit.attempts.all())
    if any(timezone.localdate(a.attempted_at) == day for a in earlier):
        raise ValidationError(_("A new attempt must be on a different day from the earlier ones."))
    VisitAttempt.objects.create(visit=visit, method=method, reached=reached, note=note.strip(), attempted_at=at,
                                attempted_by=actor)
    audit_record(actor=actor, obj=visit, action="visit.attempt", unit=visit.act.unit,
                 data={"method": method, "reached": reached, "attempt": len(earlier) + 1})
    if not reached and len(earlier) + 1 < MAX_ATTEMPTS:
        return visit
    visit.method, visit.done_at, visit.done_by = method, at, actor
    if reached:
        visit.questions_answers, visit.satisfaction, visit.problem = (
            questions_answers.strip(), int(satisfaction or 0), problem.strip())
    transition(workflow=VISIT_FLOW, obj=visit, to=VisitStatus.DONE if reached else VisitStatus.UNREACHED, actor=actor)
    clock = Clock.objects.for_owner(visit).exclude(status=ClockStatus.STOPPED).first()
    if clock is not None:
        clock_stop(clock=clock, actor=actor, outcome="done" if reached else "unreached", at=max(at, clock.started_at))
    if reached and visit.satisfaction is not None and visit.satisfaction <= BAD_SATISFACTION_MAX:
        act = visit.act
        complaint_open(
            kind=ComplaintKind.COMPLAINT, source=ComplaintSource.VISIT, unit=act.unit, act=act, visit=visit,
            subject_officers=list(act.officers.all()),
            text=visit.problem or _("Satisfaction %(n)d of 5 at the return visit of %(number)s.") % {
                "n": visit.satisfaction, "number": act.number},
            complainant_name=act.counterparty, actor=actor, bad_rating=True, at=at,
        )
    return visit
