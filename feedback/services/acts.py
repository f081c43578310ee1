"""Recording enforcement acts (DOMAIN.md B1). Every act gets its receipt (B2) and, if the
sampling rule picks it, a return visit (B3) in the same transaction.

``licence_act_record`` is what approvals call when a licence decision is signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.enums import ActKind, SealUpProposal
from feedback.models import EnforcementAct, FirstErrorRule, ReturnVisit, SamplingRule
from feedback.services.receipts import receipt_create
from feedback.services.sampling import DEFAULT_SEED, DEFAULT_SHARES, is_sampled
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.numbering import next_number
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop

VISIT_RULE = "return_visit.due"
SEAL_UP_RULE = "seal_up.duration"  # 临时查封期限
# 临时查封决定: within 3 working days of the inspection, or 24 hours in an emergency.
SEAL_UP_DECIDE_RULES = {SealUpProposal.PROPOSED: "seal_up.decide", SealUpProposal.EMERGENCY: "seal_up.decide_emergency"}


def _act_number(kind: str, at: datetime) -> str:
    year = timezone.localtime(at).year
    return f"ZF{year}-{next_number(f'feedback.act:{year}'):06d}"


def _sampling(kind: str) -> tuple[int, str]:
    rule = SamplingRule.objects.filter(act_kind=kind).first()
    if rule is None:
        return DEFAULT_SHARES.get(kind, 100), DEFAULT_SEED
    return rule.share_percent, rule.seed


def return_visit_maybe_create(*, act: EnforcementAct, actor: Any) -> ReturnVisit | None:
    """Create the act's return visit and start its ``return_visit.due`` clock if the sampling rule picks it."""
    share, seed = _sampling(act.kind)
    if not is_sampled(act_id=act.pk, seed=seed, share_percent=share):
        return None
    visit = ReturnVisit.objects.create(act=act)
    clock = clock_start(owner=visit, rule_code=VISIT_RULE, unit=act.unit, actor=actor, started_at=act.occurred_at)
    visit.due_at = clock.due_at
    visit.save(update_fields=["due_at"])
    audit_record(actor=actor, obj=visit, action="visit.create", to_state=visit.status, unit=act.unit,
                 data={"act": act.pk, "share": share, "seed": seed, "due_at": clock.due_at})
    return visit


@transaction.atomic
def act_record(
    *, kind: str, unit: Any, officers: Sequence[Any], occurred_at: datetime, place: str, summary: str, actor: Any,
    enterprise: Any = None, person_name: str = "", person_phone: str = "", documents_served: str = "",
    reference: str = "", first_error_rule: FirstErrorRule | None = None, source: models.Model | None = None,
    strict: bool = True, seal_up: str = SealUpProposal.NONE, follows_inspection: EnforcementAct | None = None,
) -> EnforcementAct:
    """Record an act with its receipt and, when sampled, its return visit.

    ``strict``: a member of staff records it (scope and officers checked); False for system callers.

    Side effects: ``act.record`` audit event; a numbered receipt; maybe a return visit with its clock;
    for a compulsory measure (临时查封) the ``seal_up.duration`` clock on the act.

    Temporary seal-up (临时查封): an inspection with ``seal_up`` proposed starts the decision clock
    (``seal_up.decide``, 3 working days, or ``seal_up.decide_emergency``, 24 hours) on the inspection;
    a compulsory measure that names the inspection in ``follows_inspection`` stops it ("sealed").
    """
    if kind not in ActKind.values:
        raise ValidationError({"kind": _("Choose the kind of act.")})
    if strict and not can_see_unit(actor, unit.pk):
        raise PermissionDenied(_("You cannot record acts of this unit."))
    errors: dict[str, str] = {}
    if enterprise is None and not person_name.strip():
        errors["person_name"] = _("Name the enterprise or the person the act concerns.")
    if not place.strip():
        errors["place"] = _("Give the place.")
    if not summary.strip():
        errors["summary"] = _("Summarise the act.")
    if strict and not officers:
        errors["officers"] = _("Name at least one officer.")
    if first_error_rule is not None and kind != ActKind.PENALTY:
        errors["first_error_rule"] = _("The first-error list applies to penalty cases only.")
    seal_up = seal_up or SealUpProposal.NONE
    if seal_up not in SealUpProposal.values:
        errors["seal_up"] = _("Unknown seal-up proposal.")
    elif seal_up and kind != ActKind.INSPECTION:
        errors["seal_up"] = _("A seal-up is proposed by a supervision inspection.")
    if follows_inspection is not None:
        if kind != ActKind.COMPULSORY:
            errors["follows_inspection"] = _("Only a compulsory measure follows an inspection's seal-up proposal.")
        elif follows_inspection.kind != ActKind.INSPECTION or not follows_inspection.seal_up:
            errors["follows_inspection"] = _("That inspection did not propose a seal-up.")
        elif follows_inspection.unit_id != unit.pk:
            errors["follows_inspection"] = _("That inspection belongs to another unit.")
        elif EnforcementAct.objects.filter(follows_inspection=follows_inspection).exists():
            errors["follows_inspection"] = _("A measure has already been recorded for that inspection.")
    if errors:
        raise ValidationError(errors)
    act = EnforcementAct(
        number=_act_number(kind, occurred_at), kind=kind, unit=unit, enterprise=enterprise,
        person_name=person_name.strip(), person_phone=person_phone.strip(), occurred_at=occurred_at,
        place=place.strip(), summary=summary.strip(), documents_served=documents_served.strip(),
        reference=reference.strip(), first_error_waived=first_error_rule is not None,
        first_error_rule=first_error_rule, seal_up=seal_up, follows_inspection=follows_inspection,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if source is not None:
        act.source_type, act.source_id = ContentType.objects.get_for_model(source), source.pk
    act.save()
    act.officers.set(officers)
    audit_record(actor=actor, obj=act, action="act.record", to_state=kind, unit=unit,
                 data={"reference": act.reference, "officers": [o.pk for o in officers],
                       "first_error_rule": first_error_rule.pk if first_error_rule else None})
    receipt_create(act=act, actor=actor)
    if kind == ActKind.COMPULSORY:
        clock_start(owner=act, rule_code=SEAL_UP_RULE, unit=unit, actor=actor, started_at=occurred_at)
    if seal_up:
        clock_start(owner=act, rule_code=SEAL_UP_DECIDE_RULES[seal_up], unit=unit, actor=actor,
                    started_at=occurred_at, assignee=officers[0] if officers else None)
    if follows_inspection is not None:
        _seal_up_decision_clock_stop(inspection=follows_inspection, actor=actor, outcome="sealed",
                                     at=max(occurred_at, timezone.now()))
    return_visit_maybe_create(act=act, actor=actor)
    return act


def _seal_up_decision_clock_stop(*, inspection: EnforcementAct, actor: Any, outcome: str, at: datetime) -> bool:
    clock = (Clock.objects.for_owner(inspection).filter(rule__code__in=SEAL_UP_DECIDE_RULES.values())
             .exclude(status=ClockStatus.STOPPED).first())
    if clock is None:
        return False
    clock_stop(clock=clock, actor=actor, outcome=outcome, at=max(at, clock.started_at))
    return True


@transaction.atomic
def seal_up_decline(*, inspection: EnforcementAct, actor: Any, reason: str) -> EnforcementAct:
    """Decide not to seal up after an inspection proposed it: stops the decision clock ("not sealed")."""
    if not can_see_unit(actor, inspection.unit_id):
        raise PermissionDenied(_("You cannot record acts of this unit."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for not sealing up.")})
    inspection = EnforcementAct.objects.select_for_update().get(pk=inspection.pk)
    if inspection.kind != ActKind.INSPECTION or not inspection.seal_up:
        raise ValidationError(_("This inspection did not propose a seal-up."))
    if not _seal_up_decision_clock_stop(inspection=inspection, actor=actor, outcome="not_sealed", at=timezone.now()):
        raise ValidationError(_("The seal-up decision has already been made."))
    audit_record(actor=actor, obj=inspection, action="act.seal_up_decline", reason=reason.strip(),
                 unit=inspection.unit)
    return inspection


def seal_up_pending(*, unit_ids: Any) -> models.QuerySet[EnforcementAct]:
    """Inspections of these units whose seal-up proposal still waits for the decision (the measure's choices)."""
    waiting = Clock.objects.filter(
        owner_type=ContentType.objects.get_for_model(EnforcementAct), owner_id=models.OuterRef("pk"),
        rule__code__in=SEAL_UP_DECIDE_RULES.values()).exclude(status=ClockStatus.STOPPED)
    return (EnforcementAct.objects.filter(kind=ActKind.INSPECTION, unit_id__in=unit_ids)
            .exclude(seal_up=SealUpProposal.NONE).filter(models.Exists(waiting)).order_by("-occurred_at"))


def licence_act_record(
    *, unit: Any, enterprise: Any, officers: Sequence[Any], occurred_at: datetime, place: str, summary: str,
    reference: str, source: models.Model, actor: Any,
) -> EnforcementAct:
    """The act of kind 行政许可 for a signed licence decision; idempotent per ``source``.

    Called inside approvals' own transaction: a second call for the same ``source`` returns the act
    made by the first. Creates the receipt and, when sampled, the return visit.
    """
    existing = EnforcementAct.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk).first()
    if existing is not None:
        return existing
    try:
        return _licence_act_create(unit=unit, enterprise=enterprise, officers=officers, occurred_at=occurred_at,
                                   place=place, summary=summary, reference=reference, source=source, actor=actor)
    except IntegrityError:  # a concurrent call for the same source won; act_record's savepoint is rolled back
        return EnforcementAct.objects.get(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)


def _licence_act_create(
    *, unit: Any, enterprise: Any, officers: Sequence[Any], occurred_at: datetime, place: str, summary: str,
    reference: str, source: models.Model, actor: Any,
) -> EnforcementAct:
    return act_record(
        kind=ActKind.LICENCE, unit=unit, enterprise=enterprise, officers=list(officers), occurred_at=occurred_at,
        place=place or (enterprise.address if enterprise is not None else "") or unit.name,
        summary=summary or reference, reference=reference, source=source, actor=actor, strict=False,
        person_name="" if enterprise is not None else (reference or "-"),
    )
