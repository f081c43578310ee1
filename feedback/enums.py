"""Choices of the feedback app: patrol teams (B8) and consultations (B7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
