from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RETAIL = "retail", _("Retail and markets")
    CATERING = "catering", _("Catering")
    HOTEL = "hotel", _("Hotels and lodging")
    ENTERTAINMENT = "entertainment", _("Entertainment venues")
    EDUCATION = "education", _("Education")
    HEALTHCARE = "healthcare", _("Healthcare and elderly care")
    WAREHOUSING = "warehousing", _("Warehousing and logistics")
    CHEMICAL = "chemical", _("Chemicals and hazardous materials")
    OFFICE = "office", _("Offices and property")
    CONSTRUCTION = "construction", _("Construction")
    OTHER = "other", _("Other")


class RiskTier(models.TextChoices):
    """Fire risk tier; drives how often an enterprise is due for a visit (E3)."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class AccountStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# The one place that says which account transitions are allowed (services.account_* use it).
ACCOUNT_TRANSITIONS: dict[str, set[str]] = {
    AccountStatus.PENDING: {AccountStatus.VERIFIED, AccountStatus.REJECTED},
    AccountStatus.REJECTED: {AccountStatus.PENDING},
    AccountStatus.VERIFIED: {AccountStatus.REJECTED},
}


# --- Visits (E3), forums (E4), suggestions (E5) ------------------------------------------------------------------


class VisitMethod(models.TextChoices):
    ON_SITE = "on_site", _("On site")  # 上门走访
    PHONE = "phone", _("By phone")  # 电话联系
    FORUM = "forum", _("At a forum")  # 座谈会
    ONLINE = "online", _("Online")  # 线上


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# The one place that says which visit transitions are allowed (enterprises.services.visits uses it).
VISIT_TRANSITIONS: dict[str, set[str]] = {
    VisitStatus.PLANNED: {VisitStatus.DONE, VisitStatus.CANCELLED},
    VisitStatus.DONE: set(),
    VisitStatus.CANCELLED: set(),
}


class VisitTier(models.TextChoices):
    """Which visit interval applies: key units first, then the enterprise's risk tier."""

    KEY_UNIT = "key_unit", _("Key fire-safety unit")  # 消防安全重点单位
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


# Used when an administrator has configured no interval for a tier (days between visits).
DEFAULT_VISIT_INTERVAL_DAYS: dict[str, int] = {
    VisitTier.KEY_UNIT: 30, VisitTier.HIGH: 60, VisitTier.MEDIUM: 90, VisitTier.LOW: 180,
}


class SuggestionSource(models.TextChoices):
    VISIT = "visit", _("Visit")  # 走访
    FORUM = "forum", _("Forum")  # 座谈会
    WINDOW = "window", _("Service window")  # 窗口
    ONLINE = "online", _("Online (enterprise user)")  # 网上
    RETURN_VISIT = "return_visit", _("Return visit")  # 回访
    DEPUTY = "deputy", _("Deputy or assessor")  # 人大代表、政协委员、评议员


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("status", "Received")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("suggestion status", "Declined")
    RECTIFIED = "rectified", _("Rectified")
    FED_BACK = "fed_back", _("Fed back")
    # The submitter was dissatisfied with the reply: back with the unit's approver to be handled again.
    REOPENED = "reopened", _("Reopened after a dissatisfied rating")


OPEN_SUGGESTION_STATUSES = (SuggestionStatus.SUBMITTED, SuggestionStatus.ASSIGNED, SuggestionStatus.ACCEPTED,
                            SuggestionStatus.DECLINED, SuggestionStatus.RECTIFIED, SuggestionStatus.REOPENED)

# The one place that says which suggestion transitions are allowed (enterprises.services.suggestions uses it).
SUGGESTION_TRANSITIONS: dict[str, set[str]] = {
    SuggestionStatus.SUBMITTED: {SuggestionStatus.ASSIGNED, SuggestionStatus.ACCEPTED, SuggestionStatus.DECLINED},
    SuggestionStatus.ASSIGNED: {SuggestionStatus.ASSIGNED, SuggestionStatus.ACCEPTED, SuggestionStatus.DECLINED},
    SuggestionStatus.ACCEPTED: {SuggestionStatus.RECTIFIED},
    SuggestionStatus.DECLINED: {SuggestionStatus.FED_BACK},
    SuggestionStatus.RECTIFIED: {SuggestionStatus.FED_BACK},
    SuggestionStatus.FED_BACK: {SuggestionStatus.REOPENED},
    SuggestionStatus.REOPENED: {SuggestionStatus.ASSIGNED, SuggestionStatus.ACCEPTED, SuggestionStatus.DECLINED},
}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY = "basically", _("Basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", _("Dissatisfied")  # 不满意
