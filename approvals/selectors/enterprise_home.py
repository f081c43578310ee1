"""What an enterprise user finds first after signing in (issue 22 §1): their cases and what waits for them:
materials to supplement, rectification orders to answer, window appointments to come."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from approvals.enums import ApplicationStatus, AppointmentStatus
from approvals.models import Application, Appointment
from enterprises.safety.enums import HazardStatus
from enterprises.safety.models import Hazard

SHOWN = 10  # of each kind; the full lists are a click away


@dataclass(frozen=True)
class EnterpriseActions:
    to_supplement: list[Application]
    orders: list[Hazard]
    appointments: list[Appointment]

    def __bool__(self) -> bool:
        return bool(self.to_supplement or self.orders or self.appointments)


def actions_for_enterprise_user(user: Any) -> EnterpriseActions:
    """The user's own things to do, each through its model's ``visible_to`` (nothing before the account is
    verified): cases waiting for a supplement (oldest first), orders being rectified (nearest deadline
    first) and booked appointments from today on (soonest first)."""
    to_supplement = (Application.objects.visible_to(user).filter(status=ApplicationStatus.DEFICIENT)
                     .select_related("matter").order_by("updated_at", "pk")[:SHOWN])
    orders = (Hazard.objects.visible_to(user).filter(status=HazardStatus.ORDERED)
              .select_related("order").order_by("order__due_date", "pk")[:SHOWN])
    appointments = (Appointment.objects.visible_to(user)
                    .filter(status=AppointmentStatus.BOOKED, slot__date__gte=timezone.localdate())
                    .select_related("slot", "slot__unit", "matter").order_by("slot__date", "slot__start", "pk")[:SHOWN])
    return EnterpriseActions(list(to_supplement), list(orders), list(appointments))
