"""Fixtures of the approvals tests: a verified enterprise user, a clerk, applications in each state."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.models import Application, Matter
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.approvals.factories import PDF, PNG, PROJECT, ApplicationFactory
from tests.factories import EnterpriseFactory, enterprise_user, staff

__all__ = ["ACCOUNT_HOLDERS", "PDF", "PNG", "PROJECT", "account_holder", "approvals_world", "colleague_of",
           "make_draft", "make_submitted", "record_inspection", "schedule_inspection"]


@pytest.fixture
def english(settings):  # type: ignore[no-untyped-def]
    """Messages matched in English, whatever the project's default language and translations."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def approvals_world(tree) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """甲's brigade with an enterprise, its verified user, a clerk, an approver; 乙 with another clerk."""
    load_rule_sets()
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    other_enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    return {
        "enterprise": enterprise,
        "applicant": enterprise_user(enterprise, email="ent@example.com"),
        "other_applicant": enterprise_user(other_enterprise),
        "other_enterprise": other_enterprise,
        "clerk": staff(Role.WINDOW_CLERK, tree["a"]["brigade"], window_number="1号窗口"),
        "approver": staff(Role.APPROVER, tree["a"]["brigade"]),
        "reviewer": staff(Role.REVIEWER, tree["a"]["brigade"]),
        "clerk_other": staff(Role.WINDOW_CLERK, tree["b"]["brigade"]),
        "brigade": tree["a"]["brigade"],
    }


# The kinds of user with an enterprise account whose scope a page reads "with the account in hand".
ACCOUNT_HOLDERS = ("verified", "pending", "staff with an account")


def account_holder(world: dict[str, Any], who: str, *, staff_enterprise: str = "enterprise") -> Any:
    """A user of ``ACCOUNT_HOLDERS``: the world's verified applicant, a pending claimant of its enterprise, or a
    clerk with a verified account of ``world[staff_enterprise]``."""
    from enterprises.enums import AccountStatus
    from enterprises.models import EnterpriseAccount

    if who == "verified":
        return world["applicant"]
    if who == "pending":
        return enterprise_user(world["enterprise"], status=AccountStatus.PENDING)
    user = staff(Role.WINDOW_CLERK, world["brigade"])
    EnterpriseAccount.objects.create(user=user, enterprise=world[staff_enterprise], status=AccountStatus.VERIFIED)
    return user


def make_draft(world: dict[str, Any], matter_code: str = "acceptance", *, upload: bool = True,
               skip: tuple[str, ...] = ()) -> Application:
    """A draft of ``world``'s applicant with every mandatory material uploaded except those in ``skip``."""
    return ApplicationFactory(applicant=world["applicant"], enterprise=world["enterprise"],
                              matter=Matter.objects.get(code=matter_code), upload=upload, skip=skip)


def make_submitted(world: dict[str, Any], matter_code: str = "acceptance") -> Application:
    return ApplicationFactory(applicant=world["applicant"], enterprise=world["enterprise"],
                              matter=Matter.objects.get(code=matter_code), submitted=True)


def colleague_of(reviewer: Any) -> Any:
    """An officer of the reviewer's unit who may go on an inspection with him: the unit's approver or another
    reviewer if there is one (so that round robin sees no new reviewer), else a new reviewer."""
    from django.contrib.auth import get_user_model

    found = (get_user_model().objects.filter(unit_id=reviewer.unit_id, is_active=True,
                                             groups__name__in=[Role.APPROVER, Role.REVIEWER])
             .exclude(pk=reviewer.pk).order_by("pk").first())
    return found or staff(Role.REVIEWER, reviewer.unit)


def schedule_inspection(reviewer: Any, application: Application, *, days: int = 0) -> Any:
    """A site inspection ``days`` from today by ``reviewer`` (assigned to the track) and a colleague, whatever
    day of the week that is (a rest day confirmed)."""
    from datetime import timedelta

    from django.utils import timezone

    from approvals.services.technical_review import inspection_schedule

    return inspection_schedule(actor=reviewer, application=application, on=timezone.localdate() + timedelta(days=days),
                               inspectors=[colleague_of(reviewer)], rest_day_confirmed=True)


def record_inspection(reviewer: Any, application: Application, *, failed: tuple[str, ...] = ()) -> Any:
    """A site inspection of today, recorded by ``reviewer`` (assigned to the track): every checklist item
    passed except the codes in ``failed`` (with a note)."""
    from approvals.models import ChecklistItem
    from approvals.services.technical_review import ChecklistResult, inspection_record

    inspection = schedule_inspection(reviewer, application)
    results = [ChecklistResult(item.pk, passed=item.code not in failed,
                               note="现场发现问题" if item.code in failed else "")
               for item in ChecklistItem.objects.filter(matter=application.matter, is_active=True)]
    return inspection_record(actor=reviewer, inspection=inspection, results=results)
