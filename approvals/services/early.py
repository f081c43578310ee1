"""Early intervention (提前介入, A10): meetings with key and livelihood projects before they file,
linked to the later application and counted as key-project services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Application, EarlyIntervention
from enterprises.models import Enterprise
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record

ROLES = (Role.REVIEWER, Role.APPROVER, Role.WINDOW_CLERK)


def _check(actor: Any, unit_id: int) -> None:
    if not (actor.is_administrator or actor.has_role(*ROLES)):
        raise PermissionDenied(_("Only approval staff record early interventions."))
    if not can_see_unit(actor, unit_id):
        raise PermissionDenied(_("This enterprise belongs to another unit."))


@transaction.atomic
def early_intervention_record(*, actor: Any, enterprise: Enterprise, project_name: str, met_on: date,
                              staff: Sequence[Any], advice: str) -> EarlyIntervention:
    """Record a meeting (date, staff, advice) for a project that has not filed yet."""
    _check(actor, enterprise.brigade_id)
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": _("Record a meeting after it took place.")})
    if not staff:
        raise ValidationError({"staff": _("Name the staff who attended.")})
    if not advice.strip() or not project_name.strip():
        raise ValidationError(_("Give the project name and the advice given."))
    intervention = EarlyIntervention.objects.create(
        brigade=enterprise.brigade, enterprise=enterprise, project_name=project_name.strip(), met_on=met_on,
        advice=advice.strip(), recorded_by=actor)
    intervention.staff.set(staff)
    audit_record(actor=actor, obj=intervention, action="early_intervention.record", unit=enterprise.brigade,
                 data={"enterprise": enterprise.pk, "staff": [p.pk for p in staff]})
    return intervention


@transaction.atomic
def early_intervention_link(*, actor: Any, intervention: EarlyIntervention, application: Application) -> None:
    """Link the meeting to the application the project later filed (same enterprise)."""
    intervention = EarlyIntervention.objects.select_for_update().get(pk=intervention.pk)
    _check(actor, intervention.brigade_id)
    if application.enterprise_id != intervention.enterprise_id:
        raise ValidationError(_("The application belongs to another enterprise."))
    intervention.application = application
    intervention.save(update_fields=["application"])
    audit_record(actor=actor, obj=application, action="early_intervention.link", unit=application.brigade,
                 data={"intervention": intervention.pk, "met_on": intervention.met_on})
