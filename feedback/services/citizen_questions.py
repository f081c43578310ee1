"""Commands on citizen questions (DOMAIN.md B7): ask, answer, publish to the FAQ.

A question asked in service hours (8:00–20:00 Beijing time) starts the ten-minute clock
``consultation.answer`` at once; one asked outside them starts it at the next 8:00.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.enums import QUESTION_TRANSITIONS, QuestionChannel, QuestionStatus
from feedback.models import CitizenQuestion, ConsultationPoint
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.accounts.selectors import nearest_with_roles
from firesvc.audit.services import audit_record
from firesvc.core.transitions import Workflow, transition
from firesvc.notifications.services import notify
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop

RULE_CODE = "consultation.answer"
BEIJING = ZoneInfo("Asia/Shanghai")
SERVICE_OPENS = time(8, 0)
SERVICE_CLOSES = time(20, 0)


def service_clock_start(at: datetime) -> datetime:
    """When the answer clock of a question asked at ``at`` starts: at once in service hours, else the next 8:00."""
    local = at.astimezone(BEIJING)
    if SERVICE_OPENS <= local.time() < SERVICE_CLOSES:
        return at
    day = local.date() if local.time() < SERVICE_OPENS else local.date() + timedelta(days=1)
    return datetime.combine(day, SERVICE_OPENS, tzinfo=BEIJING)


def _clock_unit(community: OrgUnit) -> OrgUnit:
    return community.ancestor_of_kind(UnitKind.BRIGADE) or community


QUESTION_FLOW = Workflow(
    transitions=QUESTION_TRANSITIONS,
    refused=gettext_lazy("This question has already been answered."),
    unit=lambda question: question.community,
    action_prefix="question",
)


@transaction.atomic
def question_ask(
    *, question: str, community: OrgUnit | None = None, point: ConsultationPoint | None = None,
    asker_name: str = "", asker_phone: str = "", actor: Any = None, at: datetime | None = None,
) -> CitizenQuestion:
    """Record a resident's question and start its ten-minute answer clock. Writes ``question.ask``.

    ``point`` means the question was taken at a consultation point; its community is the question's.
    """
    text = question.strip()
    if not text:
        raise ValidationError({"question": _("Write your question.")})
    if point is not None:
        community = point.community
    if community is None or community.kind != UnitKind.COMMUNITY:
        raise ValidationError({"community": _("Choose your community.")})
    at = at or timezone.now()
    row = CitizenQuestion.objects.create(
        question=text, community=community, point=point, asker_name=asker_name.strip(),
        asker_phone=asker_phone.strip(), channel=QuestionChannel.POINT if point else QuestionChannel.ONLINE,
    )
    starts = service_clock_start(at)
    clock_start(owner=row, rule_code=RULE_CODE, unit=_clock_unit(community), actor=actor, started_at=starts)
    audit_record(actor=actor, obj=row, action="question.ask", to_state=row.status, unit=community,
                 data={"channel": row.channel, "point": point.pk if point else None, "clock_starts": starts})
    for officer in _duty_officers_of(community):
        notify(recipient=officer, kind="question_new",
               title=_("New citizen question from %(community)s") % {"community": community.name},
               body=text[:200], url=reverse("feedback:questions"), dedupe_key=f"question:{row.pk}:new:{officer.pk}")
    return row


def _duty_officers_of(community: OrgUnit) -> list[User]:
    """The duty officers of the community's sub-district, who answer its questions within ten minutes; else
    the nearest ones above it (as for hazard reports: a sub-district without one must not swallow them)."""
    subdistrict = community.ancestor_of_kind(UnitKind.SUBDISTRICT)
    if subdistrict is None:
        return []
    return nearest_with_roles(unit=subdistrict, roles=[Role.DUTY_OFFICER]).people


@transaction.atomic
def question_answer(
    *, question: CitizenQuestion, actor: Any, answer: str, resolved_first_contact: bool = False,
    publish_to_faq: bool = False, faq_question: str = "", faq_answer: str = "", at: datetime | None = None,
) -> CitizenQuestion:
    """Answer an open question, stop its clock and optionally publish it to the FAQ. Writes ``question.answered``."""
    if not getattr(actor, "is_staff_member", False) or not can_see_unit(actor, question.community_id):
        raise PermissionDenied(_("This question belongs to another unit."))
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": _("Write the answer.")})
    question = CitizenQuestion.objects.select_for_update().get(pk=question.pk)
    at = at or timezone.now()
    question.answer, question.answered_by, question.answered_at = text, actor, at
    question.resolved_first_contact = resolved_first_contact
    question.published_to_faq = publish_to_faq
    if publish_to_faq:
        question.faq_question = faq_question.strip() or question.question
        question.faq_answer = faq_answer.strip() or text
    transition(workflow=QUESTION_FLOW, obj=question, to=QuestionStatus.ANSWERED, actor=actor,
               data={"resolved_first_contact": resolved_first_contact, "published_to_faq": publish_to_faq})
    clock = Clock.objects.for_owner(question).exclude(status=ClockStatus.STOPPED).first()
    if clock is not None:
        # Answered before the clock started (outside service hours): stop it at its start, so it is on time.
        clock_stop(clock=clock, actor=actor, outcome="answered", at=max(at, clock.started_at))
    return question


@transaction.atomic
def faq_entry_create(*, community: OrgUnit, question: str, answer: str, actor: Any = None) -> CitizenQuestion:
    """An editorial FAQ entry (no resident waiting, so no clock): an answered, published question."""
    row = CitizenQuestion.objects.create(question=question.strip(), community=community)
    audit_record(actor=actor, obj=row, action="question.ask", to_state=row.status, unit=community,
                 data={"faq_entry": True})
    row = CitizenQuestion.objects.select_for_update().get(pk=row.pk)
    row.answer, row.answered_at = answer.strip(), timezone.now()
    row.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    row.resolved_first_contact, row.published_to_faq = True, True
    row.faq_question, row.faq_answer = row.question, row.answer
    transition(workflow=QUESTION_FLOW, obj=row, to=QuestionStatus.ANSWERED, actor=actor,
               data={"published_to_faq": True})
    return row
