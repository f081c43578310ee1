"""What an enterprise user finds first after signing in (issue 22 §1): their cases and what waits for them:
drafts not yet submitted, materials to supplement, rectification orders to answer, window appointments to
come."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from approvals.enums import ApplicationStatus, AppointmentStatus
from approvals.models import Application, Appointment
from enterprises.safety.enums import HazardStatus
from enterprises.safety.models import Hazard

SHOWN = 10  # of each kind; the full lists are a click away


@dataclass(frozen=True)
class EnterpriseActions:
    """Each list holds plain rows (dicts) of what the panel prints."""

    to_supplement: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    appointments: list[dict[str, Any]]
    drafts: list[dict[str, Any]]

    def __bool__(self) -> bool:
        return bool(self.drafts or self.to_supplement or self.orders or self.appointments)


def actions_for_enterprise_user(user: Any, *, account: Any | None = None) -> EnterpriseActions:
    """The user's own things to do, each through its model's ``visible_to`` (nothing before the account is
    verified): drafts not yet submitted (last saved first), cases waiting for a supplement (oldest first),
    orders being rectified (nearest deadline first) and booked appointments from today on (soonest first), as
    the values the panel prints: one query for each kind, however many rows.

    ``account``: the user's enterprise account, if the caller has it; the enterprise's cases and orders are
    then read without ``visible_to`` looking the account up again, as ``applications_of`` does
    (tests/approvals/test_enterprise_home.py holds the two together)."""
    if account is None or account.user_id != getattr(user, "pk", None) or user.is_staff_member:
        cases, hazards = Application.objects.visible_to(user), Hazard.objects.visible_to(user)
    elif account.can_file:
        cases = Application.objects.filter(enterprise_id=account.enterprise_id)
        hazards = Hazard.objects.filter(enterprise_id=account.enterprise_id, order__isnull=False)
    else:
        cases, hazards = Application.objects.none(), Hazard.objects.none()
    drafts = (cases.filter(status=ApplicationStatus.DRAFT).order_by("-updated_at", "-pk")
              .values("pk", "project_name", "updated_at", matter_name=F("matter__name"))[:SHOWN])
    to_supplement = (cases.filter(status=ApplicationStatus.DEFICIENT)
                     .order_by("updated_at", "pk").values("pk", "number", "project_name")[:SHOWN])
    orders = (hazards.filter(status=HazardStatus.ORDERED).order_by("order__due_date", "pk")
              .values("pk", order_number=F("order__number"), due_date=F("order__due_date"))[:SHOWN])
    appointments = (Appointment.objects.visible_to(user)
                    .filter(status=AppointmentStatus.BOOKED, slot__date__gte=timezone.localdate())
                    .order_by("slot__date", "slot__start", "pk")
                    .values(date=F("slot__date"), start=F("slot__start"), hall=F("slot__unit__name"),
                            matter_name=F("matter__name"))[:SHOWN])
    return EnterpriseActions(list(to_supplement), list(orders), list(appointments), list(drafts))
