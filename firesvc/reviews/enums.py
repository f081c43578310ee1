"""The national 好差评 vocabulary (国务院办公厅 2019年《关于建立政务服务“好差评”制度提高政务服务水平的意见》)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The five levels (满意度五级); the hazard reporter's rating (feedback.hazard_reports) is the same vocabulary."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")  # 非常满意
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    FAIRLY_SATISFIED = "fairly_satisfied", _("Basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", _("Dissatisfied")  # 不满意
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")  # 非常不满意


SCORES: dict[str, int] = {
    Level.VERY_SATISFIED: 5, Level.SATISFIED: 4, Level.FAIRLY_SATISFIED: 3,
    Level.DISSATISFIED: 2, Level.VERY_DISSATISFIED: 1,
}
# 差评: 不满意 or worse opens a follow-up (整改).
BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Stage(models.TextChoices):
    """一事多评: a case is rated once per stage where it is given."""

    ACCEPTANCE = "acceptance", _("Intake")  # 受理
    COMPLETION = "completion", _("Completion")  # 办结


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")  # 网上评价
    WINDOW = "window", _("At the window")  # 窗口评价 (二维码)


class Item(models.TextChoices):
    """The standard second-level items (二级指标), per channel."""

    EFFICIENCY = "efficiency", _("Speed of handling")  # 办事效率
    GUIDE_ACCURACY = "guide_accuracy", _("Accuracy of the service guide")  # 办事指南精确度
    CONVENIENCE = "convenience", _("Ease of getting it done")  # 办事便捷度
    PLATFORM = "platform", _("Ease of use of the platform")  # 平台操作性
    SERVICE_EFFICIENCY = "service_efficiency", _("Speed of service")  # 服务效率
    SERVICE_LEVEL = "service_level", _("Quality of service")  # 服务水平
    SERVICE_ATTITUDE = "service_attitude", _("Staff attitude")  # 服务态度


CHANNEL_ITEMS: dict[str, tuple[str, ...]] = {
    Channel.ONLINE: (Item.EFFICIENCY, Item.GUIDE_ACCURACY, Item.CONVENIENCE, Item.PLATFORM),
    Channel.WINDOW: (Item.SERVICE_EFFICIENCY, Item.SERVICE_LEVEL, Item.SERVICE_ATTITUDE),
}


def item_meaning(level: str) -> str:
    """What ticking an item says at ``level``: good at the three satisfied levels, a problem below them.

    The national standard shows the same items under each level, praised for a good rating and
    named as the problem for a bad one (差评 must name at least one).
    """
    return "problem" if level in BAD_LEVELS else "praise"


class FollowUpStatus(models.TextChoices):
    """The follow-up of a bad review (差评整改)."""

    VISIT_DUE = "visit_due", _("Return visit due")  # 待回访 (1 working day)
    RECTIFYING = "rectifying", _("Being rectified")  # 整改中 (15 working days)
    REPLIED = "replied", _("Replied to the applicant")  # 已反馈, the applicant may rate once more (追评)
    CLOSED = "closed", _("Closed")  # 已办结: re-rated, or closed by a supervisor


OPEN_FOLLOW_UP = (FollowUpStatus.VISIT_DUE, FollowUpStatus.RECTIFYING)

FOLLOW_UP_TRANSITIONS: dict[str, set[str]] = {
    FollowUpStatus.VISIT_DUE: {FollowUpStatus.RECTIFYING},
    FollowUpStatus.RECTIFYING: {FollowUpStatus.REPLIED},
    FollowUpStatus.REPLIED: {FollowUpStatus.CLOSED},
    FollowUpStatus.CLOSED: set(),
}

# The SLA rules (firesvc.sla.rules_data) of the two deadlines of a follow-up.
RULE_VISIT = "review.visit"
RULE_RECTIFY = "review.rectify"
# A case closed this many days without a rating gets one invitation (inbox and SMS).
INVITE_AFTER_DAYS = 3
