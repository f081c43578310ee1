"""Designating key fire-safety units and keeping their records (E7): the 六加一 checklist, the yearly
responsibility letter. A designation changes how often the unit is visited (E3).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from enterprises.safety.models import (
    KeyUnitCategory,
    KeyUnitDesignation,
    KeyUnitMeasure,
    KeyUnitMeasureRecord,
    ResponsibilityLetter,
)
from enterprises.safety.services.checks import Upload, check_enterprise_user, check_staff, stored_upload
from enterprises.services.visits import visit_due_recompute
from firesvc.accounts.roles import Role
from firesvc.audit.services import audit_record
from firesvc.core.storage import files_removed_on_error
from firesvc.core.uploads import DOCUMENT_TYPES, IMAGE_TYPES


def key_unit_unmet_thresholds(*, category: KeyUnitCategory, industry: str, building_area: Decimal | None,
                              occupants: int | None) -> list[str]:
    """What keeps an enterprise out of ``category`` (empty: it qualifies). Every set threshold must be met."""
    unmet: list[str] = []
    if category.industries and industry not in category.industries:
        unmet.append(_("The enterprise's industry is not one this category covers."))
    if category.min_building_area is not None and (building_area is None
                                                    or building_area < category.min_building_area):
        unmet.append(_("The building area is below %(n)s m².") % {"n": category.min_building_area})
    if category.min_occupants is not None and (occupants is None or occupants < category.min_occupants):
        unmet.append(_("The number of occupants is below %(n)d.") % {"n": category.min_occupants})
    return unmet


def _lock_enterprise(enterprise: Enterprise) -> Enterprise:
    return Enterprise.objects.select_for_update().get(pk=enterprise.pk)


@transaction.atomic
def key_unit_designate(*, enterprise: Enterprise, category: KeyUnitCategory, reason: str, actor: Any,
                       building_area: Decimal | None = None, occupants: int | None = None) -> KeyUnitDesignation:
    """Designate (or re-categorise) a key fire-safety unit once it meets the category's thresholds.

    Side effects: ends a current designation; a new one; ``Enterprise.is_key_unit`` set; audit event.
    """
    enterprise = _lock_enterprise(enterprise)
    check_staff(actor, enterprise.brigade_id, Role.APPROVER)
    if not category.is_active:
        raise ValidationError({"category": _("This category is no longer used.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the designation.")})
    unmet = key_unit_unmet_thresholds(category=category, industry=enterprise.industry, building_area=building_area,
                                      occupants=occupants)
    if unmet:
        raise ValidationError(unmet)
    now = timezone.now()
    previous = KeyUnitDesignation.objects.select_for_update().current().filter(enterprise=enterprise).first()
    if previous is not None:
        previous.ended_by, previous.ended_at = actor, now
        previous.end_reason = _("Re-categorised as %(c)s") % {"c": category.name}
        previous.save(update_fields=["ended_by", "ended_at", "end_reason"])
    designation = KeyUnitDesignation.objects.create(
        enterprise=enterprise, category=category, building_area=building_area, occupants=occupants,
        reason=reason.strip(), designated_by=actor, designated_at=now)
    Enterprise.objects.filter(pk=enterprise.pk).update(is_key_unit=True)
    visit_due_recompute(enterprise_ids=[enterprise.pk])  # key units are visited more often (E3)
    audit_record(actor=actor, obj=enterprise, action="key_unit.designate", from_state=str(previous.category)
                 if previous else "", to_state=category.name, reason=reason.strip(), unit=enterprise.brigade,
                 data={"designation": designation.pk, "building_area": building_area, "occupants": occupants})
    return designation


@transaction.atomic
def key_unit_undesignate(*, enterprise: Enterprise, reason: str, actor: Any) -> KeyUnitDesignation | None:
    """End the designation; ``Enterprise.is_key_unit`` is cleared. Writes ``key_unit.undesignate``."""
    enterprise = _lock_enterprise(enterprise)
    check_staff(actor, enterprise.brigade_id, Role.APPROVER)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for ending the designation.")})
    if not enterprise.is_key_unit:
        raise ValidationError(_("This enterprise is not a key unit."))
    current = KeyUnitDesignation.objects.select_for_update().current().filter(enterprise=enterprise).first()
    if current is not None:
        current.ended_by, current.ended_at, current.end_reason = actor, timezone.now(), reason.strip()
        current.save(update_fields=["ended_by", "ended_at", "end_reason"])
    Enterprise.objects.filter(pk=enterprise.pk).update(is_key_unit=False)
    visit_due_recompute(enterprise_ids=[enterprise.pk])  # back to its risk tier's interval (E3)
    audit_record(actor=actor, obj=enterprise, action="key_unit.undesignate",
                 from_state=current.category.name if current else "", reason=reason.strip(), unit=enterprise.brigade)
    return current


def _check_key_unit_editor(actor: Any, enterprise: Enterprise) -> None:
    if getattr(actor, "is_staff_member", False):
        check_staff(actor, enterprise.brigade_id)
    else:
        check_enterprise_user(actor, enterprise)


@files_removed_on_error()  # a rollback leaves no orphan file
@transaction.atomic
def key_unit_measure_update(*, enterprise: Enterprise, measure: KeyUnitMeasure, in_place: bool,
                            implemented_on: date | None, note: str = "", evidence: Upload | None = None,
                            actor: Any) -> KeyUnitMeasureRecord:
    """Record one 六加一 measure of a key unit (staff in scope or the unit's verified users)."""
    enterprise = _lock_enterprise(enterprise)
    _check_key_unit_editor(actor, enterprise)
    if not enterprise.is_key_unit:
        raise ValidationError(_("This enterprise is not a key unit."))
    if not measure.is_active:
        raise ValidationError(_("This measure is no longer on the checklist."))
    if in_place and implemented_on is None:
        raise ValidationError({"implemented_on": _("Give the date the measure has been in place since.")})
    if implemented_on is not None and implemented_on > timezone.localdate():
        raise ValidationError({"implemented_on": _("The date cannot be in the future.")})
    record = KeyUnitMeasureRecord.objects.filter(enterprise=enterprise, measure=measure).first()
    record = record or KeyUnitMeasureRecord(enterprise=enterprise, measure=measure)
    if in_place and evidence is None and not record.evidence:
        raise ValidationError({"evidence": _("Upload evidence that the measure is in place.")})
    if evidence is not None:
        try:
            content, name, content_type = stored_upload(evidence, allowed=DOCUMENT_TYPES)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.message_dict["files"]}) from exc
        record.evidence, record.evidence_name, record.evidence_type = content, name, content_type
    record.in_place, record.implemented_on, record.note = in_place, implemented_on, (note or "").strip()[:300]
    record.updated_by = actor
    record.save()
    audit_record(actor=actor, obj=enterprise, action="key_unit.measure", to_state="in_place" if in_place else "missing",
                 unit=enterprise.brigade, data={"measure": measure.code, "implemented_on": implemented_on})
    return record


def letter_signing_error(*, year: int, signed_on: date, today: date) -> str | None:
    """Why ``signed_on`` cannot be the date of the 消防安全责任书 of ``year`` (None: it can).

    Next year's letters are usually signed in December, so a letter of ``year`` may be signed from
    1 December of the year before to the end of ``year``; never on a date still to come."""
    if signed_on > today:
        return _("The date cannot be in the future.")
    if not date(year - 1, 12, 1) <= signed_on <= date(year, 12, 31):
        return _("The letter of %(year)d must be signed between 1 December %(before)d and the end of %(year)d.") % {
            "year": year, "before": year - 1}
    return None


@files_removed_on_error()  # a rollback leaves no orphan file
@transaction.atomic
def responsibility_letter_record(*, enterprise: Enterprise, year: int, signed_on: date, unit_signatory: str,
                                 enterprise_signatory: str, scan: Upload, actor: Any) -> ResponsibilityLetter:
    """Store the year's 消防安全责任书 (replacing that year's earlier scan). Writes ``key_unit.letter``."""
    enterprise = _lock_enterprise(enterprise)
    check_staff(actor, enterprise.brigade_id)
    errors: dict[str, str] = {}
    if not (unit_signatory or "").strip():
        errors["unit_signatory"] = _("Who signed for the fire service?")
    if not (enterprise_signatory or "").strip():
        errors["enterprise_signatory"] = _("Who signed for the enterprise?")
    date_error = letter_signing_error(year=year, signed_on=signed_on, today=timezone.localdate())
    if date_error:
        errors["signed_on"] = date_error
    try:  # checked even when the date is wrong: every mistake is shown at once
        content, name, content_type = stored_upload(scan, allowed=(*IMAGE_TYPES, DOCUMENT_TYPES[0]))
    except ValidationError as exc:
        errors["scan"] = exc.message_dict["files"]
    if errors:
        raise ValidationError(errors)
    letter = ResponsibilityLetter.objects.filter(enterprise=enterprise, year=year).first()
    letter = letter or ResponsibilityLetter(enterprise=enterprise, year=year)
    letter.signed_on, letter.unit_signatory = signed_on, unit_signatory.strip()
    letter.enterprise_signatory, letter.uploaded_by = enterprise_signatory.strip(), actor
    letter.scan, letter.scan_name, letter.scan_type = content, name, content_type
    letter.save()
    audit_record(actor=actor, obj=enterprise, action="key_unit.letter", to_state=str(year), unit=enterprise.brigade,
                 data={"signed_on": signed_on, "letter": letter.pk})
    return letter
