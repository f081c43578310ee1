"""Choices of hazards and their rectification (E6) and key units (E7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role

# The fire-service officers who inspect and whom an order may name as 执法人员 (not grid managers, duty
# officers or window clerks, who hold no law-enforcement power).
OFFICER_ROLES = (Role.REVIEWER, Role.APPROVER)


class HazardSource(models.TextChoices):
    VISIT = "visit", _("Visit")  # 走访
    INSPECTION = "inspection", _("Inspection")  # 监督检查
    CITIZEN_REPORT = "citizen_report", _("Citizen report")  # 群众举报
    PATROL = "patrol", _("Patrol")  # 网格巡查


class HazardSeverity(models.TextChoices):
    GENERAL = "general", _("General hazard")  # 一般火灾隐患
    MAJOR = "major", _("Major fire hazard")  # 重大火灾隐患


class HazardStatus(models.TextChoices):
    MAJOR_REVIEW = "major_review", _("Major designation to confirm")  # 重大隐患待确认
    RECORDED = "recorded", _("Awaiting rectification order")  # 待下发责令改正通知书
    ORDERED = "ordered", _("Being rectified")  # 整改中
    RECHECK = "recheck", _("Awaiting re-check")  # 待复查
    ELIMINATED = "eliminated", _("Eliminated")  # 已消除


# The one table of allowed moves; ``services._transition`` is the only writer of ``Hazard.status``.
HAZARD_TRANSITIONS: dict[str, set[str]] = {
    HazardStatus.MAJOR_REVIEW: {HazardStatus.RECORDED},
    HazardStatus.RECORDED: {HazardStatus.ORDERED},
    HazardStatus.ORDERED: {HazardStatus.RECHECK},
    HazardStatus.RECHECK: {HazardStatus.ELIMINATED, HazardStatus.ORDERED},
    HazardStatus.ELIMINATED: set(),
}

OPEN_HAZARD_STATUSES = [s.value for s in HazardStatus if s != HazardStatus.ELIMINATED]


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo of the hazard")  # 隐患照片
    EVIDENCE = "evidence", _("Rectification evidence")  # 整改佐证
    RECHECK = "recheck", _("Re-check photo")  # 复查照片
