"""States and choices of citizen hazard reports (DOMAIN.md B6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firesvc.reviews.enums import BAD_LEVELS, Level


class HazardCategory(models.TextChoices):
    BLOCKED_EXIT = "blocked_exit", _("Blocked exit or escape route")  # 堵塞、占用疏散通道、安全出口
    FIRE_SYSTEM_OFF = "fire_system_off", _("Fire protection system switched off")  # 消防设施停用
    ELECTRICAL = "electrical", _("Electrical hazard")  # 电气线路隐患
    FLAMMABLES = "flammables", _("Storage of flammables")  # 违规存放易燃易爆物品
    OTHER = "other", _("Other")  # 其他


# Reports the law wants verified within 24 hours (《消防监督检查规定》第十八条); the rest within 3 working days.
URGENT_CATEGORIES = frozenset({HazardCategory.BLOCKED_EXIT, HazardCategory.FIRE_SYSTEM_OFF})


class ReportStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("status", "Received")  # 已接收
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")  # 已受理
    DISPATCHED = "dispatched", _("Dispatched")  # 已分派
    VERIFIED = "verified", pgettext_lazy("hazard report status", "Verified")  # 已核查, not an account's 已审核
    CLOSED = "closed", _("Closed")  # 已办结
    # Former rule only: a repeat was folded into the first report. New reports are never folded; the duty
    # officer's "unlink" makes such a report new again.
    LINKED = "linked", _("Linked to an earlier report")  # 重复举报, 并入首报
    # The reporter rated the handling 不满意 or 非常不满意: a discipline supervisor looks at it again.
    REOPENED = "reopened", _("Reopened for a supervisor's review")  # 不满意, 督察复核


OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.ACKNOWLEDGED, ReportStatus.DISPATCHED, ReportStatus.VERIFIED)

REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.NEW: {ReportStatus.ACKNOWLEDGED},
    # Triage may find nothing to dispatch (not a hazard, already gone): close with a reply.
    ReportStatus.ACKNOWLEDGED: {ReportStatus.DISPATCHED, ReportStatus.CLOSED},
    ReportStatus.DISPATCHED: {ReportStatus.VERIFIED},
    ReportStatus.VERIFIED: {ReportStatus.CLOSED},
    ReportStatus.CLOSED: {ReportStatus.REOPENED},
    ReportStatus.LINKED: {ReportStatus.NEW},
    ReportStatus.REOPENED: {ReportStatus.CLOSED},
}


# The national five levels of satisfaction (满意度五级) a reporter gives the handling of a closed report: the
# levels of 好差评 (firesvc.reviews), one vocabulary for every rating of the portal.
ReporterRating = Level

# A rating that sends the report back to a supervisor (差评).
DISSATISFIED_RATINGS = BAD_LEVELS


class DispatchTarget(models.TextChoices):
    FIRE_SUPERVISION = "fire_supervision", _("Fire supervision")  # 消防监督 (→ E6 hazard)
    POLICE = "police", _("Police station")  # 派出所
    PROPERTY = "property", _("Property management")  # 物业


class VerificationOutcome(models.TextChoices):
    CONFIRMED_RECTIFIED = "rectified", _("Hazard confirmed and rectified")  # 属实, 已整改
    CONFIRMED_ORDERED = "ordered", _("Hazard confirmed, rectification ordered")  # 属实, 责令整改
    NOT_FOUND = "not_found", _("Not found on site")  # 不属实


class Channel(models.TextChoices):
    WEB = "web", _("Public web form")  # 网上举报
    STAFF = "staff", _("Grid manager or patrol")  # 网格员、巡逻队员
    OPEN311 = "open311", _("Open311 application")  # 第三方应用
