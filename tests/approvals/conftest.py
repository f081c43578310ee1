"""Fixtures of the approvals tests: a verified enterprise user, a clerk, applications in each state."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from approvals.models import Application, Matter
from approvals.services.applications import (
    application_create,
    application_submit,
    material_upload,
)
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, enterprise_user, staff

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

PROJECT = {
    "project_name": "铁西万达广场三期",
    "project_address": "沈阳市铁西区建设大路1号",
    "building_area": Decimal("12500.50"),
    "building_height": Decimal("45.00"),
    "floors": 12,
    "use": "commercial",
    "contact_name": "孙立新",
    "contact_phone": "13912345678",
}


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


def make_draft(world: dict[str, Any], matter_code: str = "acceptance", *, upload: bool = True,
               skip: tuple[str, ...] = ()) -> Application:
    """A draft with every mandatory material uploaded except those in ``skip``."""
    matter = Matter.objects.get(code=matter_code)
    application = application_create(actor=world["applicant"], matter=matter, enterprise=world["enterprise"],
                                     **PROJECT)
    if upload:
        for item in application.required_items.select_related("requirement"):
            if item.requirement.is_mandatory and item.requirement.code not in skip:
                material_upload(actor=world["applicant"], application=application, requirement=item.requirement,
                                data=PDF, filename=f"{item.requirement.code}.pdf")
    return application


def make_submitted(world: dict[str, Any], matter_code: str = "acceptance") -> Application:
    return application_submit(actor=world["applicant"], application=make_draft(world, matter_code))
