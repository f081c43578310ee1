"""Publishing and retiring service measures (E9). Each command writes its audit event atomically."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import ServiceMeasure
from firesvc.accounts.models import User
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record

MANAGE_PERMISSION = "enterprises.add_servicemeasure"


def _check_actor(actor: User | None, measure: ServiceMeasure) -> None:
    if actor is None:  # the demo seed
        return
    if not actor.has_perm(MANAGE_PERMISSION):
        raise PermissionDenied(_("You are not allowed to manage service measures."))
    if not can_see_unit(actor, measure.unit_id):
        raise PermissionDenied(_("This measure belongs to a unit outside your own."))


@transaction.atomic
def service_measure_publish(*, actor: User | None, measure: ServiceMeasure) -> ServiceMeasure:
    """Publish a measure on the public page. Writes ``service_measure.publish``."""
    locked = ServiceMeasure.objects.select_for_update().get(pk=measure.pk)
    _check_actor(actor, locked)
    if locked.is_published and locked.retired_on is None:
        raise ValidationError(_("This measure is already published."))
    locked.is_published = True
    locked.retired_on = None
    locked.save(update_fields=["is_published", "retired_on"])
    audit_record(actor=actor, obj=locked, action="service_measure.publish", to_state="published",
                 data={"number": locked.number, "title": locked.title}, unit=locked.unit)
    return locked


@transaction.atomic
def service_measure_retire(
    *, actor: User | None, measure: ServiceMeasure, on: datetime.date | None = None, reason: str = "",
) -> ServiceMeasure:
    """Retire a measure from ``on`` (default today); it leaves the public page. Writes ``service_measure.retire``."""
    locked = ServiceMeasure.objects.select_for_update().get(pk=measure.pk)
    _check_actor(actor, locked)
    if locked.retired_on is not None:
        raise ValidationError(_("This measure is already retired."))
    locked.retired_on = on or timezone.localdate()
    locked.save(update_fields=["retired_on"])
    audit_record(actor=actor, obj=locked, action="service_measure.retire", from_state="published",
                 to_state="retired", reason=reason, data={"retired_on": locked.retired_on.isoformat()},
                 unit=locked.unit)
    return locked
