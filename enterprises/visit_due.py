"""The next-visit due date (E3) as one database expression, for set-wise recomputation.

``Enterprise.next_visit_due`` = (last visit done, else the registration day) + the interval of the
enterprise's tier in its brigade. The services keep it right row by row and in chunks; the data
migration that introduced the column uses the same expression, so this module takes the models it
needs as arguments and imports none (a migration passes its historical models).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, DateField, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate

from enterprises.enums import DEFAULT_VISIT_INTERVAL_DAYS, VisitTier


class AddDays(Func):
    """``date + days`` (an integer expression) on PostgreSQL and SQLite."""

    arity = 2
    output_field = DateField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL: date + integer → date
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="date(%(expressions)s || ' days')",
                              arg_joiner=", '+' || ", **extra)


def tier_conditions() -> list[tuple[str, Q]]:
    """Each visit tier as a filter on the enterprise; the conditions exclude each other."""
    key = Q(is_key_unit=True)
    return [(VisitTier.KEY_UNIT, key)] + [(tier, Q(is_key_unit=False, risk_tier=tier))
                                          for tier in (VisitTier.HIGH, VisitTier.MEDIUM, VisitTier.LOW)]


def interval_expression(intervals: dict[tuple[int | None, str], int]) -> Case:
    """Days between visits per row: the brigade's own interval, else the default row, else the built-in one."""
    tiers = tier_conditions()
    overrides = [When(Q(brigade_id=unit_id) & condition, then=Value(days))
                 for (unit_id, tier), days in intervals.items() if unit_id is not None
                 for code, condition in tiers if code == tier]
    defaults = [When(condition, then=Value(intervals.get((None, code)) or DEFAULT_VISIT_INTERVAL_DAYS[code]))
                for code, condition in tiers]
    return Case(*overrides, *defaults, default=Value(DEFAULT_VISIT_INTERVAL_DAYS[VisitTier.LOW]),
                          output_field=IntegerField())


def next_visit_due_expression(intervals: dict[tuple[int | None, str], int], *, schedule_model: Any = None,
                              visit_model: Any = None) -> AddDays:
    """The due date of each enterprise row of an UPDATE. The last visit is read from ``schedule_model``
    (the services), or from ``visit_model``'s done visits (the data migration, where schedules may be missing)."""
    if schedule_model is not None:
        source = schedule_model.objects.filter(enterprise_id=OuterRef("pk")).values("last_visited_on")[:1]
    else:
        source = (visit_model.objects.filter(enterprise_id=OuterRef("pk"), status="done")
                  .order_by("-visited_on").values("visited_on")[:1])
    reference = Coalesce(Subquery(source, output_field=DateField()), TruncDate("created_at"),
                         output_field=DateField())
    return AddDays(reference, interval_expression(intervals))


def recompute_in_chunks(queryset: Any, expression: Any, *, chunk_size: int) -> int:
    """Set ``next_visit_due`` on the rows of ``queryset``, ``chunk_size`` primary keys at a time (keyset on pk),
    so that no statement holds more than a chunk of row locks and nothing is loaded into memory."""
    done, last = 0, 0
    while True:
        keys = queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)
        bound = list(keys[chunk_size - 1:chunk_size])
        rows = queryset.filter(pk__gt=last)
        if bound:
            rows = rows.filter(pk__lte=bound[0])
        done += rows.update(next_visit_due=expression)
        if not bound:
            return done
        last = bound[0]
