"""Reading hazards and key units (E6, E7)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Func, IntegerField, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import VisitMethod
from enterprises.models import Enterprise, Visit
from enterprises.safety.enums import OFFICER_ROLES, HazardSource, HazardStatus
from enterprises.safety.models import (
    Hazard,
    KeyUnitDesignation,
    KeyUnitMeasure,
    KeyUnitMeasureRecord,
    ResponsibilityLetter,
)
from firesvc.accounts.models import OrgUnit


def is_key_unit(enterprise: Enterprise) -> bool:
    """Whether ``enterprise`` is a key fire-safety unit (消防安全重点单位) now.

    ``Enterprise.is_key_unit`` is the flag; the designation services keep it in step with
    ``KeyUnitDesignation`` (which records category, reason and history).
    """
    return bool(enterprise.is_key_unit)


def key_unit_enterprise_ids(unit_ids: Iterable[int] | None = None) -> QuerySet[Enterprise, int]:
    """Ids of the key units whose brigade or grid is among ``unit_ids`` (``None``: all of them).

    A lazy ``values_list`` queryset: iterate it, or pass it to ``__in`` as a subquery.
    """
    qs = Enterprise.objects.filter(is_key_unit=True)
    if unit_ids is not None:
        ids = list(unit_ids)
        qs = qs.filter(Q(brigade_id__in=ids) | Q(grid_id__in=ids))
    return qs.values_list("pk", flat=True)


# --- Hazards --------------------------------------------------------------------------------------------------------


_VISIT_REFERENCE = re.compile(r"visit:(\d+)")


@dataclass(frozen=True)
class HazardSourceReference:
    """What a hazard page shows after its source: words a reader understands, linked when they may open it."""

    label: str
    url: str = ""


def hazard_source_reference(hazard: Hazard, user: Any) -> HazardSourceReference:
    """The hazard's source reference as a reader sees it. A hazard found on a visit keeps ``visit:<pk>``
    (an internal key): shown as the visit's date and brigade, linked to the visit for staff who may read it.
    Anything else (a number typed in, a report's tracking code) is shown as it is."""
    match = _VISIT_REFERENCE.fullmatch(hazard.source_reference)
    if match is None:
        return HazardSourceReference(hazard.source_reference)
    visit = (Visit.objects.select_related("unit")
             .filter(pk=int(match.group(1)), enterprise_id=hazard.enterprise_id).first())
    if visit is None:
        return HazardSourceReference("")
    day = visit.visited_on or visit.planned_for
    label = " ".join(part for part in (f"{day:%Y-%m-%d}" if day else "", visit.unit.name) if part)
    visible = Visit.objects.visible_to(user).filter(pk=visit.pk).exists()
    return HazardSourceReference(label, reverse("enterprises:visit_detail", args=[visit.pk]) if visible else "")


def hazard_list(*, user: Any, status: str = "", severity: str = "", source: str = "", q: str = "",
                overdue: bool = False, unreported: bool = False) -> QuerySet[Hazard]:
    """Hazards the staff member may see, filtered, newest first."""
    qs = Hazard.objects.visible_to(user).select_related("unit", "enterprise", "order")
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if source:
        qs = qs.filter(source=source)
    if q:
        qs = qs.filter(Q(description__icontains=q) | Q(address__icontains=q) | Q(enterprise__name__icontains=q)
                       | Q(order__number__icontains=q))
    if overdue:
        qs = qs.filter(status=HazardStatus.ORDERED, order__due_date__lt=timezone.localdate())
    if unreported:
        qs = qs.awaiting_government_report()
    return qs


def orders_for_enterprise_user(user: Any) -> QuerySet[Hazard]:
    """The hazards with an order addressed to the user's enterprise, open ones first."""
    return (Hazard.objects.visible_to(user).select_related("order", "enterprise")
            .order_by("eliminated_at", "-order__issued_at"))


def hazards_eliminated_count(*, unit_ids: Iterable[int] | None, since: date, until: date | None = None) -> int:
    """Hazards eliminated in a period within the given units (for statistics)."""
    qs = Hazard.objects.filter(status=HazardStatus.ELIMINATED, eliminated_at__date__gte=since)
    if until is not None:
        qs = qs.filter(eliminated_at__date__lte=until)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    return qs.count()


# --- Key-unit coverage --------------------------------------------------------------------------------------------


def _coverage_sets(year: int) -> tuple[int, QuerySet[Any], QuerySet[Any]]:
    """(active measures, enterprises with all of them in place, enterprises with a letter of ``year``)."""
    active_measures = KeyUnitMeasure.objects.filter(is_active=True).count()
    # Uncorrelated subqueries: the database builds each set once (a hashed sub-plan), not once per unit.
    all_in_place = (KeyUnitMeasureRecord.objects.filter(in_place=True, measure__is_active=True)
                    .order_by().values("enterprise_id").annotate(n=Count("pk")).filter(n__gte=active_measures)
                    .values("enterprise_id"))
    lettered = ResponsibilityLetter.objects.filter(year=year).values("enterprise_id")
    return active_measures, all_in_place, lettered


def key_unit_totals(*, unit_ids: list[int] | None, year: int | None = None) -> dict[str, Any]:
    """Key units in these units (``None``: all) now, and those covered: every 六加一 measure in place
    and a responsibility letter of ``year`` (default this year). One query: the number of active measures
    is counted in it rather than read first."""
    year = year or timezone.localdate().year
    active = (KeyUnitMeasure.objects.filter(is_active=True).order_by()
              .annotate(n=Func("pk", function="COUNT", output_field=IntegerField())).values("n"))
    all_in_place = (KeyUnitMeasureRecord.objects.filter(in_place=True, measure__is_active=True)
                    .order_by().values("enterprise_id").annotate(n=Count("pk")).filter(n__gte=Subquery(active))
                    .values("enterprise_id"))
    lettered = ResponsibilityLetter.objects.filter(year=year).values("enterprise_id")
    key_units = Enterprise.objects.filter(is_key_unit=True)
    if unit_ids is not None:
        key_units = key_units.filter(Q(brigade_id__in=unit_ids) | Q(grid_id__in=unit_ids))
    totals = key_units.aggregate(total=Count("pk"),
                                 complete=Count("pk", filter=Q(pk__in=all_in_place) & Q(pk__in=lettered)))
    share = round(100 * totals["complete"] / totals["total"], 1) if totals["total"] else None
    return {"year": year, "total": totals["total"], "complete": totals["complete"], "share": share}


def key_unit_coverage(*, user: Any, year: int | None = None) -> dict[str, Any]:
    """Per brigade in the user's scope: key units, those with every active measure in place and a
    letter of ``year`` (default this year), and the share. Three queries whatever the numbers."""
    from firesvc.accounts.scoping import scope_unit_ids

    year = year or timezone.localdate().year
    active_measures, all_in_place, lettered = _coverage_sets(year)
    ids = scope_unit_ids(user)
    key_units = Enterprise.objects.filter(is_key_unit=True)
    if ids is not None:
        key_units = key_units.filter(Q(brigade_id__in=ids) | Q(grid_id__in=ids))
    rows = (key_units.order_by().values("brigade_id")
            .annotate(total=Count("pk"),
                      complete=Count("pk", filter=Q(pk__in=all_in_place) & Q(pk__in=lettered)),
                      with_letter=Count("pk", filter=Q(pk__in=lettered)))
            .order_by("brigade_id"))
    rows = list(rows)
    names = dict(OrgUnit.objects.filter(pk__in=[r["brigade_id"] for r in rows]).values_list("pk", "name"))
    out = []
    for r in rows:
        share = round(100 * r["complete"] / r["total"], 1) if r["total"] else 0.0
        out.append({"unit_id": r["brigade_id"], "unit": names.get(r["brigade_id"], ""), "total": r["total"],
                    "complete": r["complete"], "with_letter": r["with_letter"], "share": share})
    total = sum(r["total"] for r in out)
    complete = sum(r["complete"] for r in out)
    with_letter = sum(r["with_letter"] for r in out)
    return {"year": year, "measures": active_measures, "rows": out, "total": total, "complete": complete,
            "with_letter": with_letter, "share": round(100 * complete / total, 1) if total else 0.0}


@dataclass(frozen=True)
class ChecklistRow:
    """One 六加一 measure of a key unit: the item and the unit's record of it (``None``: nothing recorded yet)."""

    measure: KeyUnitMeasure
    record: KeyUnitMeasureRecord | None

    @property
    def in_place(self) -> bool:
        return bool(self.record and self.record.in_place)


@dataclass(frozen=True)
class KeyUnitChecklist:
    """What a key unit's own users see of their designation (E7)."""

    designation: KeyUnitDesignation | None
    rows: list[ChecklistRow]
    letter: ResponsibilityLetter | None  # this year's, else the latest
    letter_is_current: bool

    @property
    def in_place_count(self) -> int:
        return sum(1 for row in self.rows if row.in_place)


def key_unit_checklist(enterprise: Enterprise, *, today: date | None = None) -> KeyUnitChecklist:
    """The active 六加一 items with the enterprise's records, its current designation and its responsibility
    letter. Four queries, whatever the checklist's length."""
    year = (today or timezone.localdate()).year
    records = {r.measure_id: r for r in KeyUnitMeasureRecord.objects.filter(enterprise=enterprise)
               .select_related("updated_by")}
    rows = [ChecklistRow(measure=m, record=records.get(m.pk)) for m in KeyUnitMeasure.objects.filter(is_active=True)]
    designation = (KeyUnitDesignation.objects.current().filter(enterprise=enterprise).select_related("category")
                   .first())
    letter = ResponsibilityLetter.objects.filter(enterprise=enterprise, year__lte=year).order_by("-year").first()
    return KeyUnitChecklist(designation=designation, rows=rows, letter=letter,
                            letter_is_current=bool(letter and letter.year == year))


# --- The order's grounds (责令改正通知书) --------------------------------------------------------------------------

_NAME_SEPARATORS = re.compile(r"[\s,，;；、/]+")
_REMOTE_VISIT = {VisitMethod.PHONE: "电话联系你单位", VisitMethod.FORUM: "在座谈会上走访你单位",
                 VisitMethod.ONLINE: "通过线上方式走访你单位"}


def _named(person: Any) -> str:
    """An officer as a legal document names them: the registered name, with the 执法证号 when the profile holds one."""
    name = person.get_full_name()
    certificate = (getattr(person, "enforcement_certificate", "") or "").strip()
    return f"{name}（执法证号：{certificate}）" if name and certificate else name


def _officers(*people: Any, others: str = "") -> str:
    """The officers joined by 、: the staff's registered names (with their 执法证号 when known), then the other
    staff as typed on the visit; an account without a name is left out (never the login name)."""
    names = [name for p in people if p is not None and (name := _named(p))]
    names += [name for name in _NAME_SEPARATORS.split(others or "") if name]
    return "、".join(dict.fromkeys(names))


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def order_grounds(hazard: Hazard) -> str:
    """How the order says the hazard came to the unit's knowledge, from what the hazard holds and nothing more.

    A visit recorded in the portal (``source_reference`` "visit:<id>") gives the day and the officers; an
    inspection or a visit entered by hand gives the officer who found it (``reported_by``) and the other
    officers present (``officers``), and the day (``found_on``) only when the officer gave it (the day it was
    recorded is not the day of the inspection); officers are named with their 执法证号 when their profile
    holds one. A grid patrol and a citizen report are said to be what they are, not an inspection. Ends where
    the list of hazards begins (…存在下列消防安全违法行为或者火灾隐患：)."""
    unit = hazard.unit.name
    listed = "你单位存在下列消防安全违法行为或者火灾隐患："
    found = f"发现{listed}"
    if hazard.source == HazardSource.VISIT:
        match = _VISIT_REFERENCE.fullmatch(hazard.source_reference or "")
        visit = (Visit.objects.select_related("staff").filter(pk=match[1], enterprise_id=hazard.enterprise_id)
                 .first() if match else None)
        if visit is not None and visit.visited_on is not None:
            who = f"{unit}消防救援人员{_officers(visit.staff, others=visit.companions)}于{_day(visit.visited_on)}"
            if visit.method == VisitMethod.ON_SITE:
                return f"{who}到你单位走访检查，{found}"
            # Not on site: nothing was inspected; the officers learnt of the hazard from the enterprise.
            return f"{who}{_REMOTE_VISIT.get(visit.method, '走访你单位')}时了解到，{listed}"
        names = _hazard_officers(hazard)
        when = f"于{_day(hazard.found_on)}" if hazard.found_on else ""
        return f"{unit}消防救援人员{names}{when}到你单位走访检查，{found}"
    if hazard.source == HazardSource.INSPECTION:
        names = _hazard_officers(hazard)
        if hazard.found_on is not None:
            present = f"执法人员为{names}，" if names else ""
            return f"{unit}于{_day(hazard.found_on)}对你单位进行消防监督检查，{present}{found}"
        return f"经{unit}消防救援人员{names}对你单位进行消防监督检查，{found}"
    if hazard.source == HazardSource.PATROL:
        return f"经网格巡查，{found}"
    return f"经群众举报反映，{listed}"


def _is_officer(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_active", False)) and user.has_role(*OFFICER_ROLES)


def _hazard_officers(hazard: Hazard) -> str:
    """The officer who found the hazard, then the other officers present, as the grounds name them: only
    fire-service officers (a grid manager who recorded it is not an 执法人员)."""
    others = list(hazard.officers.order_by("pk")) if hazard.pk else []
    return _officers(hazard.reported_by if _is_officer(hazard.reported_by) else None, *others)
