"""Fixtures of the 好差评 tests: a decided application of a verified enterprise user, its clerk, supervisors."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.models import Application, IntakeNotice, Matter
from firesvc.accounts.roles import Role
from firesvc.reviews.registry import kind
from firesvc.sla.services import load_rule_sets
from tests.approvals.factories import PROJECT
from tests.factories import EnterpriseFactory, enterprise_user, staff

_serial = itertools.count(1)


@pytest.fixture
def world(tree) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    load_rule_sets()
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    applicant = enterprise_user(enterprise, email="ent@example.com")
    applicant.phone = "13800000001"
    applicant.save(update_fields=["phone"])
    return {
        "tree": tree,
        "enterprise": enterprise,
        "applicant": applicant,
        "other_applicant": enterprise_user(EnterpriseFactory(brigade=tree["a"]["brigade"])),
        "clerk": staff(Role.WINDOW_CLERK, tree["a"]["brigade"], window_number="3号窗口"),
        "clerk_other": staff(Role.WINDOW_CLERK, tree["b"]["brigade"]),
        "approver": staff(Role.APPROVER, tree["a"]["brigade"]),
        "supervisor": staff(Role.SUPERVISOR, tree["a"]["detachment"]),
        "supervisor_other": staff(Role.SUPERVISOR, tree["b"]["detachment"]),
        "brigade": tree["a"]["brigade"],
    }


def decided(world: dict[str, Any], *, closed_at: datetime | None = None, status: str = ApplicationStatus.APPROVED,
            matter: str = "acceptance") -> Application:
    """An application accepted by ``world``'s clerk (with its acceptance notice) and decided at ``closed_at``.

    Built as rows (the approval steps have their own tests); ``closed_at`` None leaves it under review.
    """
    closed_at = closed_at or timezone.now()
    accepted_at = closed_at - timedelta(days=20)
    application = Application.objects.create(
        matter=Matter.objects.get(code=matter), enterprise=world["enterprise"], brigade=world["brigade"],
        applicant=world["applicant"], number=f"SY-TX-2026-{next(_serial):06d}", **PROJECT,
        status=status, submitted_at=accepted_at, accepted_at=accepted_at,
        closed_at=closed_at if status != ApplicationStatus.ACCEPTED else None)
    IntakeNotice.objects.create(application=application, kind=NoticeKind.ACCEPTANCE,
                                number=f"N-{application.number}", issued_at=accepted_at, issued_by=world["clerk"])
    return application


def application_kind() -> Any:
    return kind("application")
