from django.db import models
from django.utils.translation import gettext_lazy as _


class LimitUnit(models.TextChoices):
    WORKDAYS = "workdays", _("working days")  # 工作日 (行政许可法 §82)
    DAYS = "days", _("natural days")  # 日 (民法典 §201/§203)
    HOURS = "hours", _("hours")
    MINUTES = "minutes", _("minutes")


class ClockStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


# A clock stopped because the applicant withdrew: no time limit was completed, on time or late, so the
# statistics' "time limits completed" and on-time rate leave it out (firesvc/sla/stats.py).
OUTCOME_WITHDRAWN = "withdrawn"


class Card(models.TextChoices):
    """The electronic-supervision card (电子监察) of a clock."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow: close to due")
    RED = "red", _("Red: overdue")


class PauseReason(models.TextChoices):
    SUPPLEMENT = "supplement", _("Applicant supplementing materials (补正)")
    EXPERT_REVIEW = "expert_review", _("Expert review (专家评审)")
    TESTING = "testing", _("Testing or appraisal (检测鉴定)")
    HEARING = "hearing", _("Hearing (听证)")
    APPLICANT_REQUEST = "applicant_request", _("At the applicant's request")
    # A parallel case's pre-opening track waits for its fire acceptance track (消防法 §13, §15): the system pauses
    # and resumes it (approvals.services.parallel_tracks), staff never choose it.
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Waiting for the fire acceptance result")


# Pauses the system makes and ends itself: never offered to staff, never restarted by hand.
SYSTEM_PAUSE_REASONS = (PauseReason.AWAITING_ACCEPTANCE,)


# The one place that says which clock transitions are allowed (services.clock_* use it).
CLOCK_TRANSITIONS: dict[str, set[str]] = {
    ClockStatus.RUNNING: {ClockStatus.PAUSED, ClockStatus.STOPPED},
    ClockStatus.PAUSED: {ClockStatus.RUNNING, ClockStatus.STOPPED},
    ClockStatus.STOPPED: set(),
}
