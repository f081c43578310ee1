"""The approvals' part of the demo history shaped like the 沈阳 report (see ``firesvc.stats.demo_report``):
parallel cases, key-project services, shortened-limit cases, one-time filings and "no filing needed" notices."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from approvals.enums import AcceptanceMode, ApplicationStatus, BuildingUse
from approvals.models import Application, Matter, ParallelCase, PrecheckNotice
from approvals.precheck import OutcomeCode
from enterprises.demo_report import ledger_enterprises
from firesvc.stats.demo_report import BATCH, IMPORT_NOTE, Ledger, bulk, report_part


@report_part(order=20, targets={
    "parallel_cases": 49,
    "key_project_services": 22,
    "shortened_limit_cases": 15,
    "one_time_filings": 44,
    "no_filing_notices": 43,
})
def seed_application_figures(ledger: Ledger) -> int:
    """Approved applications of the period, parallel cases of pairs of them and pre-check notices."""
    enterprises = ledger_enterprises(ledger)
    if not enterprises:
        return 0
    clerk, rng, first, last, at = ledger.clerk, ledger.rng, ledger.first, ledger.last, ledger.at
    matters = {m.code: m for m in Matter.objects.all()}
    if not {"acceptance", "pre_opening", "completion_filing"} <= set(matters):
        return 0
    promised = [m for m in matters.values() if m.promised_days]
    days = ledger.days()
    counter_start = Application.objects.count()
    rows: list[tuple[Application, date]] = []

    def application(matter: Any, enterprise: Any, **flags: Any) -> Application:
        day = next(days)
        submitted = at(day)
        row = Application(
            number=f"XF{day.year}-H{counter_start + len(rows) + 1:05d}", matter=matter, enterprise=enterprise,
            applicant_name=enterprise.name,
            brigade_id=enterprise.brigade_id, applicant=clerk, status=ApplicationStatus.APPROVED,
            project_name=f"{IMPORT_NOTE}项目", project_address=enterprise.address,
            building_area=Decimal(rng.randint(800, 60_000)), building_height=Decimal(rng.randint(6, 90)),
            floors=rng.randint(1, 30), use=BuildingUse.values[len(rows) % len(BuildingUse.values)],
            contact_name="李海燕", contact_phone="13800000000", description=IMPORT_NOTE, submitted_at=submitted,
            arrival_date=day, accepted_at=submitted, closed_at=min(submitted + timedelta(days=9), at(last)),
            **flags)
        rows.append((row, day))
        return row

    key_needed = ledger.missing("key_project_services")
    shortened = ledger.missing("shortened_limit_cases")
    for i in range(key_needed):
        matter = promised[i % len(promised)] if i < shortened else matters["completion_filing"]
        application(matter, enterprises[(i * 17) % len(enterprises)], is_key_project=i % 3 != 2,
                    is_livelihood_project=i % 3 == 2)
    for i in range(ledger.missing("one_time_filings")):
        application(matters[["acceptance", "pre_opening", "completion_filing"][i % 3]],
                    enterprises[(i * 19 + 5) % len(enterprises)], filed_by_clerk=clerk)
    pairs = []
    for i in range(ledger.missing("parallel_cases")):
        enterprise = enterprises[(i * 23 + 11) % len(enterprises)]
        pairs.append((enterprise, application(matters["acceptance"], enterprise),
                      application(matters["pre_opening"], enterprise)))
    bulk(Application, [row for row, _day in rows])
    created = {row.number: row for row in Application.objects.filter(number__in=[r.number for r, _d in rows])}
    parallel_start = ParallelCase.objects.count()
    cases = bulk(ParallelCase, [
        ParallelCase(number=f"BL{acceptance.submitted_at.year}-H{parallel_start + i + 1:04d}", enterprise=enterprise,
                     brigade_id=enterprise.brigade_id, acceptance=created[acceptance.number],
                     pre_opening=created[pre_opening.number], acceptance_mode=AcceptanceMode.BRIGADE,
                     created_by=clerk)
        for i, (enterprise, acceptance, pre_opening) in enumerate(pairs)])
    for case, (_enterprise, acceptance, _pre) in zip(cases, pairs, strict=True):
        case.created_at = acceptance.submitted_at
    ParallelCase.objects.bulk_update(cases, ["created_at"], batch_size=BATCH)
    notice_start = PrecheckNotice.objects.count()
    notices = bulk(PrecheckNotice, [
        PrecheckNotice(number=f"GZ{first.year}-H{notice_start + i + 1:04d}", outcome=OutcomeCode.NONE,
                       rule="《建设工程消防设计审查验收管理暂行规定》第十四条、第三十四条",
                       brigade_id=enterprises[(i * 29) % len(enterprises)].brigade_id,
                       enterprise_name=IMPORT_NOTE, answers={"import": True})
        for i in range(ledger.missing("no_filing_notices"))])
    for notice in notices:
        notice.created_at = at(next(days))
    PrecheckNotice.objects.bulk_update(notices, ["created_at"], batch_size=BATCH)
    # Applications' created_at is auto_now_add too: filed on their day.
    rows_by_number = {row.number: day for row, day in rows}
    objs = list(created.values())
    for row in objs:
        row.created_at = at(rows_by_number[row.number])
    Application.objects.bulk_update(objs, ["created_at"], batch_size=BATCH)
    return len(objs) + len(cases) + len(notices)
