"""Choices of the feedback app: patrol teams (B8) and consultations (B7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TeamKind(models.TextChoices):
    SUBDISTRICT_MOBILE = "subdistrict_mobile", _("Sub-district mobile team")  # 巡消机动队
    COMMUNITY_PATROL = "community_patrol", _("Community fire patrol")  # 保消巡逻队


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    POLICE = "police", _("Community police officer")
    MEMBER = "member", _("Patrol member")
    VOLUNTEER = "volunteer", _("Volunteer")


class EquipmentKind(models.TextChoices):
    PATROL_VEHICLE = "patrol_vehicle", _("Electric patrol vehicle")
    GLOVES = "gloves", _("Fire gloves")
    EXTINGUISHER = "extinguisher", _("Fire extinguishers")
    SMOKE_MASK = "smoke_mask", _("Smoke masks")
    OTHER = "other", _("Other")


class QuestionChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    POINT = "point", _("At a consultation point")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")


# The one place that says which status may follow which (DESIGN.md rule 3).
QUESTION_TRANSITIONS: dict[str, set[str]] = {
    QuestionStatus.OPEN: {QuestionStatus.ANSWERED},
    QuestionStatus.ANSWERED: set(),
}


# --- Supervision loop (DOMAIN.md B1–B5) -------------------------------------------------------


class ActKind(models.TextChoices):
    LICENCE = "licence", _("Administrative licence")  # 行政许可
    PENALTY = "penalty", _("Administrative penalty")  # 行政处罚
    FIRE_CAUSE = "fire_cause", _("Fire-cause investigation")  # 火灾事故调查
    COMPULSORY = "compulsory", _("Administrative compulsory measure")  # 行政强制措施 (临时查封)
    INSPECTION = "inspection", _("Supervision inspection")  # 监督检查


class SealUpProposal(models.TextChoices):
    """Whether an inspection found grounds for a temporary seal-up (临时查封), which starts the decision clock."""

    NONE = "", _("No seal-up proposed")
    PROPOSED = "proposed", _("Seal-up proposed (decide within 3 working days)")  # 检查之日起三个工作日内
    EMERGENCY = "emergency", _("Seal-up proposed, emergency (decide within 24 hours)")  # 情况紧急


class ReceiptChannel(models.TextChoices):
    QR = "qr", _("Rated through the QR code")
    PAPER = "paper", _("Paper receipt entered by staff")


class VisitMethod(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")


class VisitStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("return visit status", "Due")
    DONE = "done", _("Done")
    UNREACHED = "unreached", _("Not reached after three attempts")


VISIT_TRANSITIONS: dict[str, set[str]] = {
    VisitStatus.DUE: {VisitStatus.DONE, VisitStatus.UNREACHED},
    VisitStatus.DONE: set(),
    VisitStatus.UNREACHED: set(),
}


class ComplaintSource(models.TextChoices):
    RECEIPT = "receipt", _("Receipt rating")
    VISIT = "visit", _("Return visit")
    HOTLINE = "hotline", _("Hotline")
    ONLINE = "online", _("Online")
    REVIEW = "review", _("Supervisor review")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    INTEGRITY = "integrity", _("Integrity report")  # 廉政举报


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Under investigation")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


COMPLAINT_TRANSITIONS: dict[str, set[str]] = {
    ComplaintStatus.OPEN: {ComplaintStatus.ANSWERED},
    ComplaintStatus.ANSWERED: {ComplaintStatus.CLOSED, ComplaintStatus.OPEN},
    ComplaintStatus.CLOSED: set(),
}
