"""The public case lookup (办件查询, issue 22 §1): a case's status, clock and next step, for whoever holds its
number and its query code (or the last four digits of its contact phone), without signing in."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from approvals.enums import ApplicationStatus, MatterCode, NoticeKind
from approvals.models import Application
from approvals.status_words import filing_drawn, status_label
from firesvc.documents.codes import normalize_code
from firesvc.sla.deadlines import clock_remaining
from firesvc.sla.enums import LimitUnit


@dataclass(frozen=True)
class CaseLookup:
    number: str
    matter: str
    project_name: str
    status_label: str
    due_date: date | None
    # Units of ``unit`` left, as the case page counts them (clock_remaining): 0 on the last day, negative when
    # overdue; None: no running clock.
    left: int | None
    paused: bool
    next_step: str
    unit: str = LimitUnit.WORKDAYS.value  # the clock's: working days, or calendar days (a spot check)

    @property
    def overdue_days(self) -> int:
        return -self.left if self.left is not None and self.left < 0 else 0


def _matches(application: Application, secret: str) -> bool:
    code = normalize_code(secret)
    if code is not None and application.query_code:
        return hmac.compare_digest(code, application.query_code)
    digits = re.sub(r"\D", "", application.contact_phone)
    return bool(re.fullmatch(r"\d{4}", secret)) and len(digits) >= 4 and hmac.compare_digest(secret, digits[-4:])


def _next_step(application: Application, drawn: bool | None = None) -> str:
    status = application.status
    if application.matter.code == MatterCode.COMPLETION_FILING:
        # A filing is not a permit: it is done once filed, unless drawn for a spot check.
        if status == ApplicationStatus.ACCEPTED and drawn:
            return _("Filed and drawn for a spot check; the spot check is made by the due date.")
        if status == ApplicationStatus.APPROVED:
            return (_("Spot check passed: nothing more to do.") if drawn else
                    _("Filing completed; it was not drawn for a spot check: nothing more to do."))
    if status == ApplicationStatus.SUBMITTED:
        return _("The service window is checking the materials: you will receive an acceptance notice or a "
                 "one-time notice of what to supplement.")
    if status == ApplicationStatus.DEFICIENT:
        notice = application.notices.filter(kind=NoticeKind.DEFICIENCY).order_by("-issued_at").first()
        if notice is not None and notice.supplement_due:
            return _("Supplement the materials listed in the one-time notice by %(date)s; the case goes on "
                     "once they arrive.") % {"date": date_format(notice.supplement_due, "DATE_FORMAT")}
        return _("Supplement the materials listed in the one-time notice; the case goes on once they arrive.")
    if status == ApplicationStatus.ACCEPTED:
        if application.clock_paused_at is not None:
            return _("Accepted. The time limit is paused (for example for an expert review or a supplement); "
                     "you have been told in writing what is awaited.")
        return _("Accepted and under review; the decision is made by the due date.")
    if status == ApplicationStatus.APPROVED:
        return _("Decided: approved. Collect the decision at the service window or download it after signing in.")
    if status == ApplicationStatus.REJECTED:
        return _("Decided: refused. The decision gives the reasons and how to apply for review or sue.")
    if status == ApplicationStatus.REFUSED:
        return _("Not accepted. The notice gives the reasons; you may file again.")
    if status == ApplicationStatus.WITHDRAWN:
        return _("Withdrawn at the applicant's request: nothing more to do.")
    return _("Closed: nothing more to do.")


def case_number_typed(number: str) -> str:
    """A typed case number as numbers are stored: upper case, runs of spaces as one."""
    return " ".join(number.split()).upper()


def case_secret_typed(secret: str) -> str:
    return "".join(secret.split())


def case_lookup(*, number: str, secret: str) -> CaseLookup | None:
    """The case numbered ``number`` if ``secret`` is its query code (any case and hyphens) or the last four
    digits of its contact phone; None otherwise, whether the number or the secret was wrong (the caller
    answers both alike). Drafts have no number and are never found."""
    number, secret = case_number_typed(number), case_secret_typed(secret)
    if not number or not secret:
        return None
    application = (Application.objects.select_related("matter")
                   .filter(number=number).exclude(status=ApplicationStatus.DRAFT).first())
    if application is None or not _matches(application, secret):
        return None
    left = None
    if application.due_date is not None and application.status in (ApplicationStatus.SUBMITTED,
                                                                     ApplicationStatus.ACCEPTED):
        left = clock_remaining(unit=application.clock_unit or LimitUnit.WORKDAYS, now=timezone.now(),
                               due_at=application.due_at, due_date=application.due_date,
                               paused_at=application.clock_paused_at, tz=timezone.get_current_timezone())
    drawn = filing_drawn(application)
    return CaseLookup(
        number=application.number or "", matter=application.matter.name, project_name=application.project_name,
        status_label=status_label(application.status, matter_code=application.matter.code, drawn=drawn),
        due_date=application.due_date if left is not None else None, left=left,
        paused=application.clock_paused_at is not None, next_step=_next_step(application, drawn),
        unit=application.clock_unit or LimitUnit.WORKDAYS)
