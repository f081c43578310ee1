from django.db import models
from django.utils.translation import gettext_lazy as _


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
