"""The enterprises' part of the demo history shaped like the 沈阳 report (see ``firesvc.stats.demo_report``):
key units with their 六加一 measures and letters, visits, forums, suggestions, service measures and hazards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.utils import timezone

from enterprises.demo import INDUSTRY_NAMES, TRADE_WORDS
from enterprises.enums import Industry, RiskTier, Satisfaction, SuggestionSource, SuggestionStatus, VisitStatus
from enterprises.models import Enterprise, Forum, ServiceMeasure, Suggestion, Visit
from enterprises.safety.defaults import load_defaults
from enterprises.safety.demo import DEMO_PDF
from enterprises.safety.enums import HazardSeverity, HazardSource, HazardStatus
from enterprises.safety.models import (
    Hazard,
    KeyUnitCategory,
    KeyUnitDesignation,
    KeyUnitMeasure,
    KeyUnitMeasureRecord,
    ResponsibilityLetter,
)
from enterprises.services.visits import visit_schedule_refresh
from firesvc.accounts.demo import BRIGADE_AREA_CODES
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.identifiers import make_uscc
from firesvc.stats.demo_report import BATCH, IMPORT_NOTE, Ledger, bulk, bulk_count, report_part

IMPORT_SCAN_NAME = "消防安全责任书(台账导入).pdf"
KEY_UNITS = 6_503  # 全市6503家消防重点单位, all with 六加一 and a responsibility letter


@report_part(order=10, targets={
    "visits_done": 761,
    "forums_held": 80,
    "suggestions_received": 237,
    "suggestions_fed_back": 222,
    "service_measures_issued": 10,
    "hazards_eliminated": 1_969,
})
def seed_enterprise_figures(ledger: Ledger) -> int:
    """Key units first (they are enterprises the other records may concern), then the figures."""
    written = _key_units(ledger)
    enterprises = ledger_enterprises(ledger)
    if not enterprises:
        return written
    written += _visits(ledger, enterprises)
    written += _forums_and_suggestions(ledger, enterprises)
    written += _service_measures(ledger)
    written += _hazards(ledger, enterprises)
    if written:  # visits and enterprises were loaded in bulk: their schedules and due dates follow
        visit_schedule_refresh()
    return written


def ledger_enterprises(ledger: Ledger) -> list[Any]:
    """The enterprises of 沈阳's brigades the imported records concern (id, brigade and address only)."""
    return list(Enterprise.objects.filter(brigade__in=ledger.brigades).order_by("pk")
                .only("pk", "brigade_id", "address"))


# --- Key units ------------------------------------------------------------------------------------------------------


def _key_units(ledger: Ledger) -> int:
    """Enough key units in 沈阳, each designated, with every 六加一 measure in place and this year's letter."""
    brigades, staff, rng, first = ledger.brigades, ledger.staff, ledger.rng, ledger.first
    load_defaults(KeyUnitMeasure, KeyUnitCategory)
    year = timezone.localdate().year
    key_units = Enterprise.objects.filter(brigade__in=brigades, is_key_unit=True)
    missing = KEY_UNITS - key_units.count()
    grids = {b.pk: list(OrgUnit.objects.subtree_of(b).filter(kind=UnitKind.GRID).values_list("pk", flat=True))
             for b in brigades}
    industries = [Industry.RETAIL, Industry.CATERING, Industry.HOTEL, Industry.ENTERTAINMENT, Industry.MANUFACTURING,
                  Industry.WAREHOUSING, Industry.EDUCATION, Industry.HEALTHCARE]

    def new_key_units() -> Iterator[Enterprise]:
        for i in range(max(missing, 0)):
            brigade, industry = brigades[i % len(brigades)], industries[i % len(industries)]
            word = TRADE_WORDS[(i // len(brigades)) % len(TRADE_WORDS)]
            yield Enterprise(
                name=f"沈阳{brigade.name[:2]}{word}{INDUSTRY_NAMES[industry][1]}{i // 100 + 1}号",
                legal_representative="王建华", uscc=make_uscc("91" + BRIGADE_AREA_CODES[brigade.code], f"K{i:07d}"),
                contact_name="李海燕", contact_phone=f"138{i:08d}", address=f"沈阳市{brigade.name[:3]}{i % 300 + 1}号",
                brigade=brigade, grid_id=rng.choice(grids[brigade.pk]) if grids[brigade.pk] else None,
                industry=industry, is_key_unit=True, risk_tier=RiskTier.HIGH)

    written = bulk_count(Enterprise, new_key_units())
    category = KeyUnitCategory.objects.filter(is_active=True).order_by("pk").first()
    measures = list(KeyUnitMeasure.objects.filter(is_active=True))
    scan = _demo_scan()
    designated_at = timezone.make_aware(datetime.combine(first - timedelta(days=200), time(9)))
    current = KeyUnitDesignation.objects.filter(enterprise=OuterRef("pk"), ended_at__isnull=True)
    todo = list(key_units.filter(~Exists(current)).values_list("pk", flat=True))
    if category is not None:
        written += bulk_count(KeyUnitDesignation, (
            KeyUnitDesignation(enterprise_id=pk, category=category, reason=IMPORT_NOTE, designated_by=staff,
                               designated_at=designated_at) for pk in todo))
    done = set(KeyUnitMeasureRecord.objects.filter(enterprise__in=key_units, measure__in=measures)
               .values_list("enterprise_id", "measure_id"))
    records = (KeyUnitMeasureRecord(enterprise_id=pk, measure=m, in_place=True, updated_by=staff, note=IMPORT_NOTE,
                                    implemented_on=first - timedelta(days=30))
               for pk in key_units.values_list("pk", flat=True).iterator() for m in measures if (pk, m.pk) not in done)
    written += bulk_count(KeyUnitMeasureRecord, records)
    lettered = set(ResponsibilityLetter.objects.filter(year=year).values_list("enterprise_id", flat=True))
    written += bulk_count(ResponsibilityLetter, (
        ResponsibilityLetter(enterprise_id=pk, year=year, signed_on=date(year, 1, 15),
                             unit_signatory="沈阳市消防救援支队", enterprise_signatory="法定代表人", scan=scan,
                             scan_name=IMPORT_SCAN_NAME, scan_type="application/pdf", uploaded_by=staff)
        for pk in key_units.values_list("pk", flat=True).iterator() if pk not in lettered))
    return written


def _demo_scan() -> str:
    """One scanned page that every imported letter points to (a demo stand-in for the archive's scans)."""
    name = ResponsibilityLetter._meta.get_field("scan").generate_filename(None, "imported-letter.pdf")
    existing = ResponsibilityLetter.objects.filter(scan_name=IMPORT_SCAN_NAME).values_list("scan", flat=True).first()
    if existing and default_storage.exists(existing):
        return existing
    return default_storage.save(name, ContentFile(DEMO_PDF))


# --- Visits, forums, suggestions, service measures -----------------------------------------------------------------


def _visits(ledger: Ledger, enterprises: list[Any]) -> int:
    missing = ledger.missing("visits_done")
    visited = set(Visit.objects.filter(visited_on__gte=ledger.first).values_list("enterprise_id", flat=True))
    fresh = [e for e in enterprises if e.pk not in visited][:missing]
    days = ledger.days()
    return len(bulk(Visit, [
        Visit(enterprise=e, unit_id=e.brigade_id, status=VisitStatus.DONE, visited_on=next(days), staff=ledger.staff,
              contact_person="负责人", notes=IMPORT_NOTE) for e in fresh]))


def _forums_and_suggestions(ledger: Ledger, enterprises: list[Any]) -> int:
    clerk, last, at = ledger.clerk, ledger.last, ledger.at
    days = ledger.days()
    forums = bulk(Forum, [
        Forum(unit_id=enterprises[i % len(enterprises)].brigade_id, held_on=next(days), place="大队会议室",
              topic="优化消防营商环境企业代表座谈会", minutes=IMPORT_NOTE, recorded_by=clerk)
        for i in range(ledger.missing("forums_held"))])
    received = ledger.missing("suggestions_received")
    fed_back = ledger.missing("suggestions_fed_back")
    rows = []
    start = Suggestion.objects.count()
    for i in range(received):
        enterprise = enterprises[(i * 7) % len(enterprises)]
        day = next(days)
        answered = i < fed_back
        rows.append(Suggestion(
            number=f"YJ{day.year}-H{start + i + 1:05d}", unit_id=enterprise.brigade_id, enterprise=enterprise,
            source=[SuggestionSource.VISIT, SuggestionSource.FORUM, SuggestionSource.WINDOW,
                    SuggestionSource.ONLINE][i % 4],
            submitter_name="企业代表", content=f"{IMPORT_NOTE}:建议简化审批材料、提供上门培训",
            status=SuggestionStatus.FED_BACK if answered else SuggestionStatus.DECLINED,
            decline_reason="" if answered else "超出消防救援机构职责范围,已转交相关部门",
            rectification="已采纳并落实" if answered else "", feedback="已电话反馈企业" if answered else "",
            fed_back_at=at(min(day + timedelta(days=5), last)) if answered else None,
            satisfaction=Satisfaction.SATISFIED if answered and i % 10 else "", recorded_by=clerk))
    created = bulk(Suggestion, rows)
    for row in created:  # created_at is auto_now_add: place each in its day afterwards
        row.created_at = at(row.fed_back_at.date() - timedelta(days=5)) if row.fed_back_at else at(next(days))
    Suggestion.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
    return len(forums) + len(created)


def _service_measures(ledger: Ledger) -> int:
    detachment, first = ledger.detachment, ledger.first
    missing = ledger.missing("service_measures_issued")
    start = ServiceMeasure.objects.filter(unit=detachment).order_by("-number").values_list("number", flat=True).first()
    numbers = [(start or 0) + i + 1 for i in range(missing)]
    return len(bulk(ServiceMeasure, [
        ServiceMeasure(unit=detachment, number=n, title=f"服务企业发展举措第{n}条", body=IMPORT_NOTE,
                       issued_on=first + timedelta(days=7 + i), is_published=True)
        for i, n in enumerate(numbers)]))


# --- Hazards --------------------------------------------------------------------------------------------------------


def _hazards(ledger: Ledger, enterprises: list[Any]) -> int:
    staff, rng, first, at = ledger.staff, ledger.rng, ledger.first, ledger.at
    missing = ledger.missing("hazards_eliminated")
    days = ledger.days()
    rows = []
    found_on: list[date] = []
    for i in range(missing):
        enterprise = enterprises[(i * 13) % len(enterprises)]
        eliminated = next(days)
        found_on.append(max(eliminated - timedelta(days=rng.randint(3, 20)), first))
        rows.append(Hazard(
            unit_id=enterprise.brigade_id, enterprise=enterprise,
            source=[HazardSource.VISIT, HazardSource.INSPECTION, HazardSource.PATROL][i % 3],
            source_reference=IMPORT_NOTE, description=["疏散通道堆放杂物", "灭火器过期", "安全出口上锁",
                                                       "电气线路私拉乱接", "消防设施未保持完好有效"][i % 5],
            address=enterprise.address, severity=HazardSeverity.GENERAL, status=HazardStatus.ELIMINATED,
            reported_by=staff, recorded_by=staff, eliminated_at=at(eliminated)))
    created = bulk(Hazard, rows)
    for row, day in zip(created, found_on, strict=True):
        row.created_at = at(day)
    Hazard.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
    return len(created)
