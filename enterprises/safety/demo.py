"""Demo hazards, key-unit designations, measures and letters (``manage.py seed_demo``). Idempotent."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.safety.defaults import load_defaults
from enterprises.safety.enums import HazardSeverity, HazardSource
from enterprises.safety.models import (
    Hazard,
    KeyUnitCategory,
    KeyUnitDesignation,
    KeyUnitMeasure,
    KeyUnitMeasureRecord,
    ResponsibilityLetter,
)
from enterprises.safety.services import hazards as services
from enterprises.safety.services.checks import Upload
from firesvc.accounts.models import User

DEMO_PDF = b"%PDF-1.4\n% firesvc demo scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEMO_PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
            b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _category_for(enterprise: Enterprise, categories: list[KeyUnitCategory]) -> KeyUnitCategory:
    for category in categories:
        if enterprise.industry in (category.industries or []):
            return category
    return categories[0]


def _seed_key_units() -> int:
    load_defaults(KeyUnitMeasure, KeyUnitCategory)
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return 0
    categories = list(KeyUnitCategory.objects.filter(is_active=True).order_by("pk"))
    measures = list(KeyUnitMeasure.objects.filter(is_active=True))
    year = timezone.localdate().year
    created = 0
    key_units = Enterprise.objects.filter(is_key_unit=True).order_by("pk")
    for index, enterprise in enumerate(key_units):
        if KeyUnitDesignation.objects.filter(enterprise=enterprise).exists():
            continue
        KeyUnitDesignation.objects.create(
            enterprise=enterprise, category=_category_for(enterprise, categories),
            reason="符合《消防安全重点单位界定标准》，年度界定",
            designated_by=admin, designated_at=timezone.now())
        created += 1
        # Two in three have every measure in place; every other one has this year's letter.
        done = measures if index % 3 else measures[: len(measures) // 2]
        for measure in done:
            KeyUnitMeasureRecord.objects.create(
                enterprise=enterprise, measure=measure, in_place=True, implemented_on=date(year, 1, 15),
                evidence=ContentFile(DEMO_PDF, name="evidence.pdf"), evidence_name=f"{measure.title}.pdf",
                evidence_type="application/pdf", updated_by=admin)
        if index % 2 == 0:
            ResponsibilityLetter.objects.create(
                enterprise=enterprise, year=year, signed_on=date(year, 1, 10), unit_signatory="张伟",
                enterprise_signatory=enterprise.legal_representative,
                scan=ContentFile(DEMO_PDF, name="letter.pdf"), scan_name=f"{year}消防安全责任书.pdf",
                scan_type="application/pdf", uploaded_by=admin)
    return created


def _seed_hazards() -> int:
    reviewer = User.objects.filter(username="reviewer").first()
    approver = User.objects.filter(username="approver").first()
    account = EnterpriseAccount.objects.filter(user__username="ent_a").select_related("enterprise").first()
    owner = account.user if account else None
    if reviewer is None or approver is None or account is None:
        return 0
    enterprise = account.enterprise
    photo = [Upload(name="现场.png", data=DEMO_PNG)]
    created = 0

    def record(description: str, severity: str = HazardSeverity.GENERAL,
               source: str = HazardSource.INSPECTION) -> Hazard | None:
        # Seeded once per enterprise and description; no source reference, which the pages print to users.
        nonlocal created
        if Hazard.objects.filter(enterprise=enterprise, description=description).exists():
            return None
        created += 1
        return services.hazard_record(unit=enterprise.brigade, enterprise=enterprise, source=source,
                                      description=description, address=enterprise.address, severity=severity,
                                      actor=reviewer, photos=photo)

    record("二层安全出口被货物堵塞")
    record("消防控制室无人值守，自动报警系统处于手动状态", HazardSeverity.MAJOR)
    hazard = record("灭火器压力不足，部分过期", source=HazardSource.VISIT)
    if hazard is not None:
        services.rectification_order_issue(hazard=hazard, requirements="更换过期灭火器，补充压力不足的灭火器",
                                           rectify_workdays=5, actor=reviewer)
    hazard = record("疏散指示标志损坏", source=HazardSource.PATROL)
    if hazard is not None and owner is not None and account.can_file:
        services.rectification_order_issue(hazard=hazard, requirements="修复或更换损坏的疏散指示标志",
                                           rectify_workdays=3, actor=reviewer)
        services.rectification_respond(hazard=hazard, note="已全部更换新的疏散指示标志", files=photo, actor=owner)
        services.hazard_recheck(hazard=hazard, passed=True, note="复查合格", actor=reviewer)
    return created


def seed_safety() -> dict[str, int]:
    return {"key_units": _seed_key_units(), "hazards": _seed_hazards()}
