"""What the reporter of a hazard is told and tells back (B6): the mobile number rule, the text messages at
acknowledgement, dispatch and closure, the rating of a closed report and the supervisor's review it may
start.

Kept apart from ``reports.py`` (the handling commands): those call ``reporter_sms_send`` once each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.hazard_reports import reviews
from feedback.hazard_reports.enums import DISSATISFIED_RATINGS, REPORT_TRANSITIONS, ReporterRating, ReportStatus
from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.accounts.selectors import administrators
from firesvc.audit.services import audit_record
from firesvc.core.phones import MOBILE_REFUSED, mobile_number
from firesvc.core.transitions import Workflow, transition
from firesvc.documents import absolute_url
from firesvc.notifications.enums import Channel
from firesvc.notifications.models import Notification
from firesvc.notifications.services import NotificationRequest, notify_address, notify_many
from firesvc.notifications.unstaffed import nobody_in_chain_words
from firesvc.reviews.enums import Channel as ReviewChannel
from firesvc.reviews.enums import Stage
from firesvc.reviews.services import review_submit

SMS_KIND = "hazard_report_progress"
REVIEW_ROLES = (Role.SUPERVISOR,)
COMMENT_MAX = 500
# A dissatisfied rating reopens the report: the supervisor who reviews it goes by what the reporter says.
COMMENT_REQUIRED = gettext_lazy("Say what was not handled well: a supervisor reviews the handling by what you "
                                "write.")
# The report's one table of transitions (enums.py), described as reports.REPORT_FLOW is; not imported from
# there because reports.py calls this module.
RATING_FLOW = Workflow(
    transitions=REPORT_TRANSITIONS,
    refused=gettext_lazy("This report is “%(status)s”; that step is not possible now."),
    unit=lambda report: report.subdistrict,
    action_prefix="hazard_report",
)


# --- pure rules -------------------------------------------------------------------------------

def check_reporter_phone(text: str) -> dict[str, str]:
    """The error of a reporter's phone number, keyed as the form's field."""
    return {} if mobile_number(text) is not None else {"reporter_phone": str(MOBILE_REFUSED)}


def sms_text(*, stage: str, report: HazardReport, link: str) -> str:
    """The text message of one stage: what happened, and the tracking link."""
    lines = {
        "acknowledged": _("Your fire hazard report has been acknowledged by the duty officer."),
        "dispatched": _("Your fire hazard report has been passed to: %(target)s.") % {
            "target": report.get_dispatch_target_display()},
        "closed": _("Your fire hazard report has been closed with a reply: %(reply)s") % {
            "reply": Truncator(report.reply).chars(60)},
        "reviewed": _("A supervisor has reviewed the handling of your fire hazard report."),
    }
    return "\n".join([lines[stage], _("Follow it and rate the handling: %(link)s") % {"link": link}])


def check_rating_comment(*, rating: str, comment: str) -> dict[str, str]:
    """The error of a dissatisfied rating (不满意, 非常不满意) without a comment, keyed as the form's field; a
    satisfied one may come without."""
    if rating in DISSATISFIED_RATINGS and not comment.strip():
        return {"comment": str(COMMENT_REQUIRED)}
    return {}


# --- commands ---------------------------------------------------------------------------------

def reporter_sms_send(*, report: HazardReport, stage: str) -> Notification | None:
    """Text the reporter's phone (if they left one) at ``stage`` (acknowledged, dispatched, closed, reviewed).

    Side effects, in the caller's transaction: one notification without recipient and its SMS in the outbox,
    at most once per report and stage."""
    phone = mobile_number(report.reporter_phone)
    if not phone:
        return None
    path = report.get_tracking_url()
    return notify_address(
        channel=Channel.SMS.value, address=phone, kind=SMS_KIND, url=path,
        title=_("Fire hazard report: %(status)s") % {"status": report.get_status_display()},
        body=sms_text(stage=stage, report=report, link=absolute_url(path)),
        dedupe_key=f"hazard-report-{report.pk}-sms-{stage}",
    )


def _reviewers(report: HazardReport) -> list[User]:
    """The discipline supervisors whose scope holds the report: those of its sub-district and the units above."""
    units = [*report.subdistrict.ancestors(), report.subdistrict]
    return list(User.objects.filter(is_active=True, unit__in=units, groups__name__in=list(REVIEW_ROLES))
                .distinct().order_by("pk"))


@transaction.atomic
def hazard_report_rate(*, report: HazardReport, rating: str, comment: str = "",
                       at: datetime | None = None) -> HazardReport:
    """The reporter rates the handling of their closed report, once (five national levels). 不满意 or
    非常不满意, which must say why (``check_rating_comment``), reopens it for a supervisor's review.

    Side effects: the rating on the row and ``hazard_report.rated``; for a dissatisfied rating the transition
    to ``reopened`` (``hazard_report.reopened``) and an inbox message to the supervisors in scope; with none in
    the sub-district's chain, to the administrators, told to give it one."""
    if rating not in ReporterRating.values:
        raise ValidationError({"rating": _("Choose how satisfied you are.")})
    errors = check_rating_comment(rating=rating, comment=comment)
    if errors:
        raise ValidationError(errors)
    report = HazardReport.objects.select_for_update().get(pk=report.pk)
    if report.rated_at is not None:
        raise ValidationError(_("This report has been rated already."))
    if report.status != ReportStatus.CLOSED:
        raise ValidationError(_("A report can be rated once it is closed."))
    report.rating, report.rating_comment = rating, Truncator(comment.strip()).chars(COMMENT_MAX)
    report.rated_at = at or timezone.now()
    HazardReport.objects.filter(pk=report.pk).update(
        rating=report.rating, rating_comment=report.rating_comment, rated_at=report.rated_at)
    audit_record(actor=None, obj=report, action="hazard_report.rated", from_state=report.status,
                 to_state=report.status, unit=report.subdistrict, data={"rating": rating})
    # The same rating in 好差评's figures (per unit); its own reopen below answers a dissatisfied one.
    review_submit(kind=reviews.KIND, case=report, stage=Stage.COMPLETION, channel=ReviewChannel.ONLINE,
                  level=rating, comment=report.rating_comment, at=report.rated_at, access_checked=True)
    if rating in DISSATISFIED_RATINGS:
        transition(workflow=RATING_FLOW, obj=report, to=ReportStatus.REOPENED, actor=None,
                   reason=report.rating_comment, data={"rating": rating}, update_fields=["updated_at"])
        title = _("Reporter dissatisfied: hazard report #%(n)s") % {"n": report.pk}
        body = _("%(rating)s. Review the handling and close the report with your conclusion.") % {
            "rating": report.get_rating_display()}
        people = _reviewers(report)
        if not people:
            # No supervisor up the chain: a dissatisfied reporter must not wait for nobody.
            people = administrators()
            title, body = nobody_in_chain_words(roles=REVIEW_ROLES, unit=report.subdistrict, title=title, body=body)
        notify_many([
            NotificationRequest(
                recipient=user, kind="hazard_report_reopened", title=title, body=body,
                url=report.get_absolute_url(), dedupe_key=f"hazard-report-{report.pk}-reopened-{user.pk}",
                channels=[])
            for user in people])
    return report


def can_review(user: Any, report: HazardReport) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_administrator or user.has_role(*REVIEW_ROLES))
                and can_see_unit(user, report.subdistrict_id))


@transaction.atomic
def hazard_report_review_close(*, report: HazardReport, actor: Any, note: str) -> HazardReport:
    """A supervisor closes a reopened report with the conclusion of the review, which the reporter reads.

    Side effects: the transition back to ``closed`` (``hazard_report.closed``, with the note) and the
    reporter's text message."""
    if not can_review(actor, report):
        raise PermissionDenied(_("Only a discipline supervisor of the unit may review this report."))
    if not note.strip():
        raise ValidationError({"reply": _("Write the conclusion of the review for the reporter.")})
    report = HazardReport.objects.select_for_update().get(pk=report.pk)
    transition(workflow=RATING_FLOW, obj=report, to=ReportStatus.CLOSED, actor=actor, reason=note.strip(),
               data={"review": True}, fields={"review_note": note.strip()}, update_fields=["updated_at"])
    reporter_sms_send(report=report, stage="reviewed")
    return report
