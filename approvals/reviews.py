"""Applications in 好差评 (DOMAIN.md C13): their stages, whose work each was, who rates them.

Registered into the kernel's registry (``firesvc.reviews.registry``) when the reviews app discovers
each app's ``reviews.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.models import Application, Consultation, IntakeNotice
from firesvc.accounts.scoping import unit_scope_q
from firesvc.reviews.enums import Stage
from firesvc.reviews.registry import CaseKind, Handling, register

# 办结: the decision made (approved or refused). A refusal at intake (不予受理) ends the case at intake.
DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)


def _stages(application: Application) -> dict[str, datetime | None]:
    intake_done = application.accepted_at or (
        application.closed_at if application.status == ApplicationStatus.REFUSED else None)
    completed = application.closed_at if application.status in DECIDED else None
    return {Stage.ACCEPTANCE: intake_done, Stage.COMPLETION: completed}


def _handling(application: Application, stage: str) -> Handling:
    matter = application.matter
    notice = (IntakeNotice.objects.filter(application=application,
                                          kind__in=[NoticeKind.ACCEPTANCE, NoticeKind.REFUSAL])
              .select_related("issued_by").order_by("-issued_at").first())
    intake_clerk = notice.issued_by if notice is not None else application.filed_by_clerk
    window = getattr(intake_clerk, "window_number", "") or ""
    clerk: Any = intake_clerk
    if stage == Stage.COMPLETION:
        review = getattr(application, "review", None) if _has_review(application) else None
        clerk = review.reviewer if review is not None else intake_clerk
    return Handling(unit_id=application.brigade_id, clerk=clerk, window=window, matter_key=matter.code,
                    matter_label=matter.name)


def _has_review(application: Application) -> bool:
    from approvals.models import Review

    return Review.objects.filter(application=application).exists()


def _completed_between(start: datetime, end: datetime) -> QuerySet[Application]:
    return Application.objects.filter(status__in=DECIDED, closed_at__gte=start, closed_at__lt=end)


register(CaseKind(
    key="application", model="approvals.application", label=_("Application"),
    stages=_stages, handling=_handling,
    raters=lambda application: [application.applicant],
    rater_ids=lambda application: [application.applicant_id],
    visible_to=lambda user: Application.objects.visible_to(user).select_related("matter"),
    completed_between=_completed_between,
    title=lambda application: f"{application.number or ''} {application.project_name}".strip(),
    staff_url=lambda application: reverse("approvals:application", args=[application.pk]),
    rater_url=lambda application: reverse("approvals:application", args=[application.pk]),
))


# Window consultations (A5, 消防咨询): answered at once, so one stage, rated at the window through the code the
# clerk shows (the person asking has no account, so there is no online rating and no invitation).
def _consultation_handling(consultation: Consultation, stage: str) -> Handling:
    matter = consultation.matter
    return Handling(unit_id=consultation.unit_id, clerk=consultation.clerk,
                    window=consultation.window or consultation.clerk.window_number,
                    matter_key=matter.code if matter else "", matter_label=matter.name if matter else "")


def _consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    q = unit_scope_q(user, "unit")
    return Consultation.objects.all() if q is None else Consultation.objects.filter(q)


register(CaseKind(
    key="consultation", model="approvals.consultation", label=_("Consultation"),
    stages=lambda consultation: {Stage.COMPLETION: consultation.created_at},
    handling=_consultation_handling,
    raters=lambda consultation: [],
    visible_to=_consultations_visible_to,
    completed_between=lambda start, end: Consultation.objects.none(),
    title=lambda consultation: "{} {}".format(_("Consultation"), Truncator(consultation.question).chars(60)),
    staff_url=lambda consultation: reverse("approvals:consultations"),
    rater_url=lambda consultation: reverse("approvals:consultations"),
))
