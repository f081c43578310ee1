"""Commands on enterprises and enterprise accounts. Each writes its audit event atomically."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.enums import ACCOUNT_TRANSITIONS, AccountStatus
from enterprises.hooks import enterprise_renamed
from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.transitions import Workflow, transition
from firesvc.identifiers import uscc_problem

ENTERPRISE_FIELDS = (
    "name", "uscc", "legal_representative", "contact_name", "contact_phone", "address",
    "brigade", "grid", "industry", "is_key_unit", "risk_tier",
)


# A change of any of these moves the enterprise's next visit (its tier, or the brigade's intervals).
VISIT_DUE_FIELDS = {"brigade", "is_key_unit", "risk_tier"}


def _refresh_due(enterprise: Enterprise) -> None:
    """Recompute ``next_visit_due`` in the caller's transaction and on the instance."""
    from enterprises.services.visits import visit_due_recompute

    visit_due_recompute(enterprise_ids=[enterprise.pk])
    enterprise.next_visit_due = Enterprise.objects.values_list("next_visit_due", flat=True).get(pk=enterprise.pk)


def _check_placement(*, brigade: OrgUnit, grid: OrgUnit | None) -> None:
    if brigade.kind != UnitKind.BRIGADE:
        raise ValidationError({"brigade": _("Choose a brigade.")})
    if grid is not None and (grid.kind != UnitKind.GRID or not grid.is_within(brigade)):
        raise ValidationError({"grid": _("The grid must lie within the chosen brigade.")})


def _check_uscc(uscc: str, *, exclude_pk: int | None = None) -> None:
    problem = uscc_problem(uscc)
    if problem:
        raise ValidationError({"uscc": problem})
    if Enterprise.objects.filter(uscc=uscc).exclude(pk=exclude_pk).exists():
        raise ValidationError({"uscc": _("An enterprise with this credit code is already registered.")})


@transaction.atomic
def enterprise_create(*, actor: User | None, **fields: Any) -> Enterprise:
    """Register an enterprise in the actor's scope. Writes ``enterprise.create``."""
    fields["uscc"] = fields["uscc"].strip().upper()
    _check_uscc(fields["uscc"])
    _check_placement(brigade=fields["brigade"], grid=fields.get("grid"))
    if actor is not None and not can_see_unit(actor, fields["brigade"].pk):
        raise PermissionDenied(_("You can only register enterprises in your own unit."))
    enterprise = Enterprise.objects.create(**{k: v for k, v in fields.items() if k in ENTERPRISE_FIELDS})
    _refresh_due(enterprise)
    audit_record(actor=actor, obj=enterprise, action="enterprise.create", to_state=enterprise.uscc,
                 data={"name": enterprise.name, "brigade": enterprise.brigade_id}, unit=enterprise.brigade)
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: User, enterprise: Enterprise, **fields: Any) -> Enterprise:
    """Change registry fields. Writes ``enterprise.update`` with the changed values; a new name reaches
    the enterprise's cases that are not closed (their ``applicant_name``)."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if "uscc" in fields:
        fields["uscc"] = fields["uscc"].strip().upper()
        _check_uscc(fields["uscc"], exclude_pk=locked.pk)
    brigade = fields.get("brigade", locked.brigade)
    _check_placement(brigade=brigade, grid=fields.get("grid", locked.grid))
    if not can_see_unit(actor, brigade.pk):
        raise PermissionDenied(_("You can only move an enterprise to a unit within your own."))
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if name not in ENTERPRISE_FIELDS:
            continue
        old = getattr(locked, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(locked, name, value)
    if changes:
        locked.save()
        if VISIT_DUE_FIELDS.intersection(changes):
            _refresh_due(locked)
        if "name" in changes:
            enterprise_renamed(locked)  # the open cases carry the new name (approvals' hook)
        audit_record(actor=actor, obj=locked, action="enterprise.update", data={"changes": changes},
                     unit=locked.brigade)
    return locked


@transaction.atomic
def enterprise_account_register(
    *, username: str, password: str, full_name: str, phone: str, email: str, uscc: str,
    position: str = "", enterprise_fields: dict[str, Any] | None = None,
) -> EnterpriseAccount:
    """Sign up an enterprise user, bound to the enterprise with ``uscc``.

    When no enterprise has that code, ``enterprise_fields`` register it (in the brigade the
    applicant chose). The account waits for staff verification before it may file.
    """
    from django.contrib.auth.models import Group

    uscc = uscc.strip().upper()
    problem = uscc_problem(uscc)
    if problem:
        raise ValidationError({"uscc": problem})
    enterprise = Enterprise.objects.filter(uscc=uscc).first()
    if enterprise is None:
        if not enterprise_fields:
            raise ValidationError({"uscc": _("No enterprise with this credit code is registered yet; "
                                             "fill in the enterprise details below.")})
        enterprise = enterprise_create(actor=None, uscc=uscc, **enterprise_fields)
    user = User.objects.create_user(username=username, password=password, email=email,
                                    full_name=full_name, phone=phone)
    user.groups.add(Group.objects.get(name=Role.ENTERPRISE_USER))
    account = EnterpriseAccount.objects.create(user=user, enterprise=enterprise, position=position)
    audit_record(actor=user, obj=account, action="enterprise_account.register", to_state=AccountStatus.PENDING,
                 data={"enterprise": enterprise.pk}, unit=enterprise.brigade)
    return account


ACCOUNT_FLOW = Workflow(
    transitions=ACCOUNT_TRANSITIONS,
    refused=gettext_lazy("This account is already %(status)s."),
    unit=lambda account: account.enterprise.brigade,
    action_prefix="enterprise_account",
    writes=(),
)


def _account_transition(*, actor: User, account: EnterpriseAccount, to: str, reason: str) -> EnterpriseAccount:
    locked = EnterpriseAccount.objects.select_for_update().select_related("enterprise").get(pk=account.pk)
    if not EnterpriseAccount.objects.visible_to(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("This account belongs to an enterprise outside your unit."))
    if not actor.has_perm("enterprises.verify_enterpriseaccount"):
        raise PermissionDenied(_("You are not allowed to verify enterprise accounts."))
    transition(workflow=ACCOUNT_FLOW, obj=locked, to=to, actor=actor, reason=reason,
               fields={"decided_by": actor, "decided_at": timezone.now(), "decision_reason": reason})
    from firesvc.notifications.services import notify

    if to == AccountStatus.VERIFIED:
        notify(recipient=locked.user, kind="account_verified", url="/approvals/",
               title=_("Your enterprise account is verified"),
               body=_("You can now file applications for %(enterprise)s.") % {"enterprise": locked.enterprise})
    else:
        notify(recipient=locked.user, kind="account_rejected", url="/enterprises/mine/",
               title=_("Your enterprise account was not verified"),
               body=_("Reason: %(reason)s") % {"reason": reason})
    return locked


@transaction.atomic
def enterprise_account_verify(*, actor: User, account: EnterpriseAccount) -> EnterpriseAccount:
    """Verify an enterprise user so that they may file. Writes ``enterprise_account.verified``."""
    return _account_transition(actor=actor, account=account, to=AccountStatus.VERIFIED, reason="")


@transaction.atomic
def enterprise_account_reject(*, actor: User, account: EnterpriseAccount, reason: str) -> EnterpriseAccount:
    """Reject (or revoke) an enterprise account with a reason told to the user."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the applicant will see it.")})
    return _account_transition(actor=actor, account=account, to=AccountStatus.REJECTED, reason=reason.strip())
