"""The window's "three ones" figures (三个一, A5), by clerk or by window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Q,
)

from approvals.enums import NoticeKind
from approvals.models import Consultation, IntakeNotice, ThreeOnesBreach


@dataclass(frozen=True)
class ThreeOnesFigures:
    """Per clerk (or window): 一次性说清 / 一次性给清 / 一次性写清."""

    label: str
    consultations: int
    resolved_first: int
    forms_handed: int
    applications_taken_in: int
    deficiency_notices: int
    breaches: int

    @property
    def first_contact_rate(self) -> float | None:
        return self.resolved_first / self.consultations if self.consultations else None

    @property
    def notices_per_application(self) -> float | None:
        return self.deficiency_notices / self.applications_taken_in if self.applications_taken_in else None


def three_ones_figures(user: Any, *, start: date, end: date, by: str = "clerk") -> list[ThreeOnesFigures]:
    """The "three ones" figures in the user's scope for [start, end], per clerk or per window."""
    from firesvc.accounts.scoping import unit_scope_q

    scope = unit_scope_q(user, "unit") or Q()
    notice_scope = unit_scope_q(user, "application__brigade") or Q()
    key = "clerk__window_number" if by == "window" else "clerk_id"
    consultations = (Consultation.objects.filter(scope, created_at__date__range=(start, end))
                     .values(key).annotate(total=Count("pk"), first=Count("pk", filter=Q(resolved_first_contact=True)),
                                           forms=Count("pk", filter=Q(forms_handed_out=True))))
    notice_key = "issued_by__window_number" if by == "window" else "issued_by_id"
    notices = (IntakeNotice.objects.filter(notice_scope, issued_at__date__range=(start, end))
               .values(notice_key).annotate(
                   deficiency=Count("pk", filter=Q(kind=NoticeKind.DEFICIENCY)),
                   taken_in=Count("application", distinct=True)))
    breach_key = "clerk__window_number" if by == "window" else "clerk_id"
    breaches = (ThreeOnesBreach.objects.filter(scope, created_at__date__range=(start, end))
                .values(breach_key).annotate(n=Count("pk")))
    table: dict[Any, dict[str, int]] = {}
    for row in consultations:
        table.setdefault(row[key], {}).update(consultations=row["total"], resolved_first=row["first"],
                                             forms_handed=row["forms"])
    for row in notices:
        table.setdefault(row[notice_key], {}).update(deficiency_notices=row["deficiency"],
                                                    applications_taken_in=row["taken_in"])
    for row in breaches:
        table.setdefault(row[breach_key], {}).update(breaches=row["n"])
    labels = _labels(by, [k for k in table if k is not None])
    result = []
    for k, values in table.items():
        if k is None:
            continue
        result.append(ThreeOnesFigures(
            label=labels.get(k, str(k)), consultations=values.get("consultations", 0),
            resolved_first=values.get("resolved_first", 0), forms_handed=values.get("forms_handed", 0),
            applications_taken_in=values.get("applications_taken_in", 0),
            deficiency_notices=values.get("deficiency_notices", 0), breaches=values.get("breaches", 0),
        ))
    return sorted(result, key=lambda f: f.label)


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    if by == "window":
        return {k: k or "—" for k in keys}
    from firesvc.accounts.models import User

    return {u.pk: str(u) for u in User.objects.filter(pk__in=keys)}
