"""Demo history shaped like the 沈阳 report (DOMAIN.md C6; the seed report's figures since 1 June).

The 沈阳 detachment's dashboard for "since 1 June" shows figures like the report's: 761 enterprises
visited, 80 forums, 237 suggestions of which 222 fed back, 10 service measures, 1,969 hazards
eliminated, 49 parallel approvals, 22 key-project services, 44 one-time filings, 15 shortened-limit
cases, 43 "no filing needed" notices and 6,503 key units with the 六加一 measures and a letter.

These are past records entered as a ledger import (历史台账导入), not live cases: they are written
in batches with ``bulk_create`` and carry no clocks, audit trail or files of their own (the
responsibility letters share one scanned demo page). The step tops each figure up to its target,
so running it again adds nothing; it runs after the other demo steps, whose own records count.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.stats.registry import counter, counter_queryset

DETACHMENT = "sy"
IMPORT_NOTE = "历史台账导入"
BATCH = 2_000
# The report's figures (DOMAIN.md C6 / seed report) by dashboard counter.
TARGETS: dict[str, int] = {
    "visits_done": 761,
    "forums_held": 80,
    "suggestions_received": 237,
    "suggestions_fed_back": 222,
    "service_measures_issued": 10,
    "hazards_eliminated": 1_969,
    "parallel_cases": 49,
    "key_project_services": 22,
    "shortened_limit_cases": 15,
    "one_time_filings": 44,
    "no_filing_notices": 43,
}
IMPORT_SCAN_NAME = "消防安全责任书(台账导入).pdf"
KEY_UNITS = 6_503  # 全市6503家消防重点单位, all with 六加一 and a responsibility letter


def report_period(today: date | None = None) -> tuple[date, date]:
    """The report's period: from the last 1 June (of last year before mid-June) to yesterday."""
    today = today or timezone.localdate()
    start = date(today.year, 6, 1) if today >= date(today.year, 6, 15) else date(today.year - 1, 6, 1)
    return start, today - timedelta(days=1)


def _days(rng: random.Random, first: date, last: date) -> Iterator[date]:
    span = max((last - first).days, 0)
    while True:
        yield first + timedelta(days=rng.randint(0, span))


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59))))


def _missing(key: str, unit_ids: list[int], first: date, last: date) -> int:
    have = counter_queryset(counter(key), first=first, last=last, unit_ids=unit_ids).count()
    return max(TARGETS[key] - have, 0)


def _bulk(model: Any, rows: Iterable[Any]) -> list[Any]:
    """Insert ``rows`` (any iterable: a generator stays lazy) ``BATCH`` at a time; the rows created."""
    created: list[Any] = []
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        created.extend(model.objects.bulk_create(batch))
    return created


def _bulk_count(model: Any, rows: Iterable[Any]) -> int:
    """Like ``_bulk`` for large tables: nothing is kept, only counted."""
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        count += len(model.objects.bulk_create(batch))
    return count


def seed_report_figures(today: date | None = None) -> int:
    """Top 沈阳's figures since 1 June up to the report's. Returns the number of rows written."""
    detachment = OrgUnit.objects.filter(code=DETACHMENT).first()
    staff = User.objects.filter(username="reviewer").first()
    clerk = User.objects.filter(username="clerk").first()
    if detachment is None or staff is None or clerk is None:
        return 0
    first, last = report_period(today)
    brigades = list(OrgUnit.objects.subtree_of(detachment).filter(kind=UnitKind.BRIGADE).order_by("code"))
    unit_ids = list(OrgUnit.objects.subtree_of(detachment).values_list("pk", flat=True))
    rng = random.Random(20260601)  # noqa: S311 - demo data, reproducible on purpose
    written = _key_units(detachment, brigades, staff, rng, first)
    enterprises = list(_enterprises(brigades))
    if not enterprises:
        return written
    written += _visits(unit_ids, enterprises, staff, rng, first, last)
    written += _forums_and_suggestions(unit_ids, enterprises, clerk, rng, first, last)
    written += _service_measures(unit_ids, detachment, rng, first, last)
    written += _hazards(unit_ids, enterprises, staff, rng, first, last)
    written += _applications(unit_ids, enterprises, clerk, rng, first, last)
    if written:  # visits and enterprises were loaded in bulk: their schedules and due dates follow
        from enterprises.services_visits import visit_schedule_refresh

        visit_schedule_refresh()
    return written


def _enterprises(brigades: list[OrgUnit]) -> Iterator[Any]:
    from enterprises.models import Enterprise

    return iter(Enterprise.objects.filter(brigade__in=brigades).order_by("pk").only("pk", "brigade_id", "address"))


# --- Key units ------------------------------------------------------------------------------------------------------


def _key_units(detachment: OrgUnit, brigades: list[OrgUnit], staff: User, rng: random.Random, first: date) -> int:
    """Enough key units in 沈阳, each designated, with every 六加一 measure in place and this year's letter."""
    from enterprises.demo import INDUSTRY_NAMES, TRADE_WORDS
    from enterprises.enums import Industry, RiskTier
    from enterprises.models import Enterprise
    from enterprises.safety.defaults import load_defaults
    from enterprises.safety.models import (
        KeyUnitCategory,
        KeyUnitDesignation,
        KeyUnitMeasure,
        KeyUnitMeasureRecord,
        ResponsibilityLetter,
    )
    from firesvc.accounts.demo import BRIGADE_AREA_CODES
    from firesvc.identifiers import make_uscc

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

    written = _bulk_count(Enterprise, new_key_units())
    category = KeyUnitCategory.objects.filter(is_active=True).order_by("pk").first()
    measures = list(KeyUnitMeasure.objects.filter(is_active=True))
    scan = _demo_scan()
    designated_at = timezone.make_aware(datetime.combine(first - timedelta(days=200), time(9)))
    current = KeyUnitDesignation.objects.filter(enterprise=OuterRef("pk"), ended_at__isnull=True)
    todo = list(key_units.filter(~Exists(current)).values_list("pk", flat=True))
    if category is not None:
        written += _bulk_count(KeyUnitDesignation, (
            KeyUnitDesignation(enterprise_id=pk, category=category, reason=IMPORT_NOTE, designated_by=staff,
                               designated_at=designated_at) for pk in todo))
    done = set(KeyUnitMeasureRecord.objects.filter(enterprise__in=key_units, measure__in=measures)
               .values_list("enterprise_id", "measure_id"))
    records = (KeyUnitMeasureRecord(enterprise_id=pk, measure=m, in_place=True, updated_by=staff, note=IMPORT_NOTE,
                                    implemented_on=first - timedelta(days=30))
               for pk in key_units.values_list("pk", flat=True).iterator() for m in measures if (pk, m.pk) not in done)
    written += _bulk_count(KeyUnitMeasureRecord, records)
    lettered = set(ResponsibilityLetter.objects.filter(year=year).values_list("enterprise_id", flat=True))
    written += _bulk_count(ResponsibilityLetter, (
        ResponsibilityLetter(enterprise_id=pk, year=year, signed_on=date(year, 1, 15),
                             unit_signatory="沈阳市消防救援支队", enterprise_signatory="法定代表人", scan=scan,
                             scan_name=IMPORT_SCAN_NAME, scan_type="application/pdf", uploaded_by=staff)
        for pk in key_units.values_list("pk", flat=True).iterator() if pk not in lettered))
    return written


def _demo_scan() -> str:
    """One scanned page that every imported letter points to (a demo stand-in for the archive's scans)."""
    from enterprises.safety.demo import DEMO_PDF
    from enterprises.safety.models import ResponsibilityLetter

    name = ResponsibilityLetter._meta.get_field("scan").generate_filename(None, "imported-letter.pdf")
    existing = ResponsibilityLetter.objects.filter(scan_name=IMPORT_SCAN_NAME).values_list("scan", flat=True).first()
    if existing and default_storage.exists(existing):
        return existing
    return default_storage.save(name, ContentFile(DEMO_PDF))


# --- Visits, forums, suggestions, service measures -----------------------------------------------------------------


def _visits(unit_ids: list[int], enterprises: list[Any], staff: User, rng: random.Random, first: date,
            last: date) -> int:
    from enterprises.enums import VisitStatus
    from enterprises.models import Visit

    missing = _missing("visits_done", unit_ids, first, last)
    visited = set(Visit.objects.filter(visited_on__gte=first).values_list("enterprise_id", flat=True))
    fresh = [e for e in enterprises if e.pk not in visited][:missing]
    days = _days(rng, first, last)
    return len(_bulk(Visit, [
        Visit(enterprise=e, unit_id=e.brigade_id, status=VisitStatus.DONE, visited_on=next(days), staff=staff,
              contact_person="负责人", notes=IMPORT_NOTE) for e in fresh]))


def _forums_and_suggestions(unit_ids: list[int], enterprises: list[Any], clerk: User, rng: random.Random,
                            first: date, last: date) -> int:
    from enterprises.enums import Satisfaction, SuggestionSource, SuggestionStatus
    from enterprises.models import Forum, Suggestion

    days = _days(rng, first, last)
    forums = _bulk(Forum, [
        Forum(unit_id=enterprises[i % len(enterprises)].brigade_id, held_on=next(days), place="大队会议室",
              topic="优化消防营商环境企业代表座谈会", minutes=IMPORT_NOTE, recorded_by=clerk)
        for i in range(_missing("forums_held", unit_ids, first, last))])
    received = _missing("suggestions_received", unit_ids, first, last)
    fed_back = _missing("suggestions_fed_back", unit_ids, first, last)
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
            fed_back_at=_at(min(day + timedelta(days=5), last), rng) if answered else None,
            satisfaction=Satisfaction.SATISFIED if answered and i % 10 else "", recorded_by=clerk))
    created = _bulk(Suggestion, rows)
    for row in created:  # created_at is auto_now_add: place each in its day afterwards
        row.created_at = _at(row.fed_back_at.date() - timedelta(days=5), rng) if row.fed_back_at else _at(
            next(days), rng)
    Suggestion.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
    return len(forums) + len(created)


def _service_measures(unit_ids: list[int], detachment: OrgUnit, rng: random.Random, first: date, last: date) -> int:
    from enterprises.models import ServiceMeasure

    missing = _missing("service_measures_issued", unit_ids, first, last)
    start = ServiceMeasure.objects.filter(unit=detachment).order_by("-number").values_list("number", flat=True).first()
    numbers = [(start or 0) + i + 1 for i in range(missing)]
    return len(_bulk(ServiceMeasure, [
        ServiceMeasure(unit=detachment, number=n, title=f"服务企业发展举措第{n}条", body=IMPORT_NOTE,
                       issued_on=first + timedelta(days=7 + i), is_published=True)
        for i, n in enumerate(numbers)]))


# --- Hazards --------------------------------------------------------------------------------------------------------


def _hazards(unit_ids: list[int], enterprises: list[Any], staff: User, rng: random.Random, first: date,
             last: date) -> int:
    from enterprises.safety.enums import HazardSeverity, HazardSource, HazardStatus
    from enterprises.safety.models import Hazard

    missing = _missing("hazards_eliminated", unit_ids, first, last)
    days = _days(rng, first, last)
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
            reported_by=staff, recorded_by=staff, eliminated_at=_at(eliminated, rng)))
    created = _bulk(Hazard, rows)
    for row, day in zip(created, found_on, strict=True):
        row.created_at = _at(day, rng)
    Hazard.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
    return len(created)


# --- Approvals ------------------------------------------------------------------------------------------------------


def _applications(unit_ids: list[int], enterprises: list[Any], clerk: User, rng: random.Random, first: date,
                  last: date) -> int:
    from approvals.enums import AcceptanceMode, ApplicationStatus, BuildingUse
    from approvals.models import Application, Matter, ParallelCase, PrecheckNotice
    from approvals.precheck import OutcomeCode

    matters = {m.code: m for m in Matter.objects.all()}
    if not {"acceptance", "pre_opening", "completion_filing"} <= set(matters):
        return 0
    promised = [m for m in matters.values() if m.promised_days]
    days = _days(rng, first, last)
    counter_start = Application.objects.count()
    rows: list[tuple[Application, date]] = []

    def application(matter: Any, enterprise: Any, **flags: Any) -> Application:
        day = next(days)
        submitted = _at(day, rng)
        row = Application(
            number=f"XF{day.year}-H{counter_start + len(rows) + 1:05d}", matter=matter, enterprise=enterprise,
            applicant_name=enterprise.name,
            brigade_id=enterprise.brigade_id, applicant=clerk, status=ApplicationStatus.APPROVED,
            project_name=f"{IMPORT_NOTE}项目", project_address=enterprise.address,
            building_area=Decimal(rng.randint(800, 60_000)), building_height=Decimal(rng.randint(6, 90)),
            floors=rng.randint(1, 30), use=BuildingUse.values[len(rows) % len(BuildingUse.values)],
            contact_name="李海燕", contact_phone="13800000000", description=IMPORT_NOTE, submitted_at=submitted,
            arrival_date=day, accepted_at=submitted, closed_at=min(submitted + timedelta(days=9), _at(last, rng)),
            **flags)
        rows.append((row, day))
        return row

    key_needed = _missing("key_project_services", unit_ids, first, last)
    shortened = _missing("shortened_limit_cases", unit_ids, first, last)
    for i in range(key_needed):
        matter = promised[i % len(promised)] if i < shortened else matters["completion_filing"]
        application(matter, enterprises[(i * 17) % len(enterprises)], is_key_project=i % 3 != 2,
                    is_livelihood_project=i % 3 == 2)
    for i in range(_missing("one_time_filings", unit_ids, first, last)):
        application(matters[["acceptance", "pre_opening", "completion_filing"][i % 3]],
                    enterprises[(i * 19 + 5) % len(enterprises)], filed_by_clerk=clerk)
    pairs = []
    for i in range(_missing("parallel_cases", unit_ids, first, last)):
        enterprise = enterprises[(i * 23 + 11) % len(enterprises)]
        pairs.append((enterprise, application(matters["acceptance"], enterprise),
                      application(matters["pre_opening"], enterprise)))
    _bulk(Application, [row for row, _day in rows])
    created = {row.number: row for row in Application.objects.filter(number__in=[r.number for r, _d in rows])}
    parallel_start = ParallelCase.objects.count()
    cases = _bulk(ParallelCase, [
        ParallelCase(number=f"BL{acceptance.submitted_at.year}-H{parallel_start + i + 1:04d}", enterprise=enterprise,
                     brigade_id=enterprise.brigade_id, acceptance=created[acceptance.number],
                     pre_opening=created[pre_opening.number], acceptance_mode=AcceptanceMode.BRIGADE,
                     created_by=clerk)
        for i, (enterprise, acceptance, pre_opening) in enumerate(pairs)])
    for case, (_enterprise, acceptance, _pre) in zip(cases, pairs, strict=True):
        case.created_at = acceptance.submitted_at
    ParallelCase.objects.bulk_update(cases, ["created_at"], batch_size=BATCH)
    notice_start = PrecheckNotice.objects.count()
    notices = _bulk(PrecheckNotice, [
        PrecheckNotice(number=f"GZ{first.year}-H{notice_start + i + 1:04d}", outcome=OutcomeCode.NONE,
                       rule="《建设工程消防设计审查验收管理暂行规定》第十四条、第三十四条",
                       brigade_id=enterprises[(i * 29) % len(enterprises)].brigade_id,
                       enterprise_name=IMPORT_NOTE, answers={"import": True})
        for i in range(_missing("no_filing_notices", unit_ids, first, last))])
    for notice in notices:
        notice.created_at = _at(next(days), rng)
    PrecheckNotice.objects.bulk_update(notices, ["created_at"], batch_size=BATCH)
    # Applications' created_at is auto_now_add too: filed on their day.
    rows_by_number = {row.number: day for row, day in rows}
    objs = list(created.values())
    for row in objs:
        row.created_at = _at(rows_by_number[row.number], rng)
    Application.objects.bulk_update(objs, ["created_at"], batch_size=BATCH)
    return len(objs) + len(cases) + len(notices)


def shaped_figures(today: date | None = None) -> dict[str, int]:
    """沈阳's live figures for the report's period, by counter (what the dashboard shows), and the key units."""
    from enterprises.models import Enterprise

    detachment = OrgUnit.objects.get(code=DETACHMENT)
    first, last = report_period(today)
    unit_ids = list(OrgUnit.objects.subtree_of(detachment).values_list("pk", flat=True))
    out = {key: counter_queryset(counter(key), first=first, last=last, unit_ids=unit_ids).count() for key in TARGETS}
    out["key_units"] = Enterprise.objects.filter(Q(brigade_id__in=unit_ids), is_key_unit=True).count()
    return out
