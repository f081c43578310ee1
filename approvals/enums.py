from django.db import models
from django.utils.translation import gettext_lazy as _


class MatterCode(models.TextChoices):
    """The four matters of the report (A1)."""

    DESIGN_REVIEW = "design_review", _("Fire design review")  # 消防设计审核
    ACCEPTANCE = "acceptance", _("Fire acceptance")  # 消防验收
    COMPLETION_FILING = "completion_filing", _("Completion filing")  # 竣工验收消防备案
    PRE_OPENING = "pre_opening", _("Pre-opening fire-safety inspection")  # 公众聚集场所投入使用、营业前消防安全检查


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SUBMITTED = "submitted", _("Submitted, awaiting intake")  # 待受理
    DEFICIENT = "deficient", _("Materials to supplement")  # 待补正 (一次性告知)
    ACCEPTED = "accepted", _("Accepted, under review")  # 已受理
    REFUSED = "refused", _("Not accepted")  # 不予受理
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回
    APPROVED = "approved", _("Approved")  # 准予许可 / 合格
    REJECTED = "rejected", _("Refused")  # 不予许可 / 不合格
    # 终止办理: a parallel case's pre-opening track whose acceptance track was refused (the building may not
    # be put into use, 消防法 §13), ended without a decision of its own.
    TERMINATED = "terminated", _("Terminated")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.DEFICIENT, ApplicationStatus.ACCEPTED)
# Cases with a running clock, i.e. the staff's turn: what the worklists show (due_at is set).
WORKLIST_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)
WITHDRAWABLE = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.DEFICIENT,
                ApplicationStatus.ACCEPTED)

# The one place that says which application transitions are allowed.
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.TERMINATED},
    ApplicationStatus.SUBMITTED: {ApplicationStatus.ACCEPTED, ApplicationStatus.DEFICIENT,
                                  ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN,
                                  ApplicationStatus.TERMINATED},
    ApplicationStatus.DEFICIENT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN,
                                  ApplicationStatus.TERMINATED},
    ApplicationStatus.ACCEPTED: {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN,
                                 ApplicationStatus.TERMINATED},
    ApplicationStatus.REFUSED: set(),
    ApplicationStatus.WITHDRAWN: set(),
    ApplicationStatus.APPROVED: set(),
    ApplicationStatus.REJECTED: set(),
    ApplicationStatus.TERMINATED: set(),
}


class BuildingUse(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    OFFICE = "office", _("Office")
    INDUSTRIAL = "industrial", _("Industrial / warehouse")
    PUBLIC_GATHERING = "public_gathering", _("Public gathering place")
    EDUCATION = "education", _("School / kindergarten")
    HEALTHCARE = "healthcare", _("Hospital / elderly care")
    MIXED = "mixed", _("Mixed use")


class MaterialStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    ACCEPTED = "accepted", _("Checked, in order")
    FAULTY = "faulty", _("Faulty")
    MISSING = "missing", _("Missing")  # marked missing at intake, though a file was uploaded


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance notice")  # 受理通知书
    DEFICIENCY = "deficiency", _("One-time deficiency notice")  # 一次性告知书
    REFUSAL = "refusal", _("Notice of non-acceptance")  # 不予受理通知书


class ConsultationChannel(models.TextChoices):
    WINDOW = "window", _("At the window")
    PHONE = "phone", _("By phone")
    ONLINE = "online", _("Online")


class SlotKind(models.TextChoices):
    OFFICE = "office", _("Office hours")
    EXTENDED = "extended", _("Extended hours (延时服务)")
    SATURDAY = "saturday", _("Saturday morning")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


APPOINTMENT_TRANSITIONS: dict[str, set[str]] = {
    AppointmentStatus.BOOKED: {AppointmentStatus.CANCELLED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW},
    AppointmentStatus.CANCELLED: set(),
    AppointmentStatus.ATTENDED: set(),
    AppointmentStatus.NO_SHOW: set(),
}


# --- review, inspection and decision (A6), parallel approval (A7) ----------------------------

class ReviewStatus(models.TextChoices):
    """A track's review (审查): assigned → drafted → signed; the approver may send a draft back."""

    ASSIGNED = "assigned", _("Under review")  # 审查中
    DRAFTED = "drafted", _("Draft decision awaiting signature")  # 待签发
    SIGNED = "signed", _("Decision signed")  # 已签发


# The one place that says which review transitions are allowed (services/review.py uses it).
REVIEW_TRANSITIONS: dict[str, set[str]] = {
    ReviewStatus.ASSIGNED: {ReviewStatus.DRAFTED},
    ReviewStatus.DRAFTED: {ReviewStatus.SIGNED, ReviewStatus.ASSIGNED},  # signed, or sent back
    ReviewStatus.SIGNED: set(),
}


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve / qualified")  # 准予许可 / 合格
    REFUSE = "refuse", _("Refuse / not qualified")  # 不予许可 / 不合格


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Brigade decision")  # 消防救援机构决定
    COORDINATION = "coordination", _("Coordination opinion to the housing and construction department")  # 协同意见


class ClockNoticeKind(models.TextChoices):
    PAUSE = "pause", _("Notice of suspension of the time limit")  # 中止计时告知书
    RESUME = "resume", _("Notice of resumption of the time limit")  # 恢复计时告知书
    EXTENSION = "extension", _("Notice of extension of the time limit")  # 延长期限告知书


class AcceptanceMode(models.TextChoices):
    """Who decides the acceptance track of a parallel case, by the regime in force when it was filed."""

    BRIGADE = "brigade", _("Brigade decision (report-era rules)")  # 消防救援机构验收
    COORDINATION = "coordination", _("Coordination with the housing and construction department")  # 住建部门验收，协同


# The audit action of the applicant reporting the supplement asked for by a pause of the decision clock as given
# (补正材料已提交, services.clocks.supplement_report); ``data["officer"]``: who stopped the clock for it.
SUPPLEMENT_REPORT = "application.supplement_report"
