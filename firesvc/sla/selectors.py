"""Reading clocks: what a case shows, the red/yellow-card board, the report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, F, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from firesvc.core.charts import last_months, month_chart
from firesvc.sla import cards
from firesvc.sla.deadlines import clock_remaining
from firesvc.sla.enums import OUTCOME_WITHDRAWN, Card, ClockStatus
from firesvc.sla.hooks import clock_handlers, clock_namer
from firesvc.sla.models import Clock, ClockPause, SlaAlert


@dataclass(frozen=True)
class ClockView:
    """What applicants and staff see of a clock."""

    clock: Clock
    card: Card
    status: str
    remaining: int | None  # units left (0 = last day, negative = overdue); None when stopped
    unit_label: str
    due_date: date | None
    due_at: datetime
    provisional: bool
    pauses: list[ClockPause]
    paused_reason: str

    @property
    def withdrawn(self) -> bool:
        """Stopped because the applicant withdrew: no step was completed."""
        return self.status == ClockStatus.STOPPED and self.clock.outcome == OUTCOME_WITHDRAWN


def due_label(clock: Any) -> str:
    """A clock's deadline as every screen and message shows it: the last day allowed of a day-counted clock
    (its ``due_date``, inclusive), the local due time of a minute or hour clock.

    Never ``due_at`` read as a date: for a day-counted clock it is the instant just after the last day (the
    next midnight), a day late. ``clock``: a ``Clock``, a ``ClockView`` or a row with the same two fields.
    """
    due_date = getattr(clock, "due_date", None)
    if due_date is not None:
        return f"{due_date:%Y-%m-%d}"
    due_at = getattr(clock, "due_at", None)
    return f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}" if due_at is not None else ""


def latest_clocks(rows: Sequence[Any]) -> dict[int, Clock]:
    """The newest clock of each row (any model), by the row's pk, in one query: a case reopened runs a new
    clock, and the newest is the one its screens show."""
    rows = list(rows)
    if not rows:
        return {}
    owner_type = ContentType.objects.get_for_model(rows[0])
    found: dict[int, Clock] = {}
    for clock in (Clock.objects.filter(owner_type=owner_type, owner_id__in=[row.pk for row in rows])
                  .select_related("rule").order_by("pk")):
        found[clock.owner_id] = clock
    return found


def clock_view(clock: Clock, *, now: datetime | None = None) -> ClockView:
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    remaining = None
    if clock.status != ClockStatus.STOPPED:
        remaining = clock_remaining(unit=clock.limit_unit, now=now, due_at=clock.due_at, due_date=clock.due_date,
                                    paused_at=clock.paused_at if clock.status == ClockStatus.PAUSED else None,
                                    tz=tz)
    return ClockView(
        clock=clock, card=clock.card(now), status=clock.status, remaining=remaining,
        unit_label=str(clock.get_limit_unit_display()), due_date=clock.due_date, due_at=clock.due_at,
        provisional=clock.provisional, pauses=list(clock.pauses.all()),
        paused_reason=clock.get_pause_reason_display() if clock.pause_reason else "",
    )


def card_expression(now: datetime) -> Case:
    """The board's column of an open clock: "paused", or the card (firesvc.sla.cards) of a running one."""
    return Case(When(status=ClockStatus.PAUSED, then=Value("paused")), default=cards.card_expression(now),
                output_field=CharField())


def card_totals_for(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Open clocks in the user's scope per card (one query)."""
    now = now or timezone.now()
    rows = Clock.objects.visible_to(user).open().annotate(card=card_expression(now)).values("card")
    return {row["card"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def board_for(user: Any, *, now: datetime | None = None, list_size: int = 50) -> dict[str, Any]:
    """The red/yellow-card board (电子监察) of the user's scope, in a fixed number of queries."""
    now = now or timezone.now()
    open_clocks = Clock.objects.visible_to(user).open().annotate(card=card_expression(now))
    totals = card_totals_for(user, now=now)
    by_unit_rows = (open_clocks.values("unit__name", "card").annotate(n=Count("pk")).order_by("unit__name"))
    by_unit: dict[str, dict[str, int]] = {}
    for row in by_unit_rows:
        by_unit.setdefault(row["unit__name"], {})[row["card"]] = row["n"]
    # By person: one row per assignee, shown with the ``person`` filter (the name, never the login name); two
    # people of one name, or two accounts without a name, keep a row each. A clock without an assignee counts
    # under its case's handler where the owning app names one (``firesvc.sla.hooks.on_clock_handlers``: the duty
    # officer who acknowledged a hazard report); the rest get the last row (person ``None``), so that the table
    # adds up to the totals.
    by_person_rows = list(open_clocks.order_by().filter(assignee__isnull=False).values("assignee", "card")
                          .annotate(n=Count("pk")))
    unassigned = list(open_clocks.order_by().filter(assignee__isnull=True)
                      .values("owner_type", "owner_id", "card").annotate(n=Count("pk")))
    handler_of = owner_handlers((row["owner_type"], row["owner_id"]) for row in unassigned)
    by_person_rows += [{"assignee": handler_of.get((row["owner_type"], row["owner_id"])), "card": row["card"],
                        "n": row["n"]} for row in unassigned]
    people = get_user_model().objects.in_bulk({row["assignee"] for row in by_person_rows} - {None})
    counts_of: dict[int | None, dict[str, int]] = {}
    for row in by_person_rows:
        counts = counts_of.setdefault(row["assignee"], {})
        counts[row["card"]] = counts.get(row["card"], 0) + row["n"]
    by_person: list[tuple[Any, dict[str, int]]] = [
        (people[pk], counts_of[pk])
        for pk in sorted(set(counts_of) - {None}, key=lambda pk: (people[pk].display_name, pk))]
    if None in counts_of:
        by_person.append((None, counts_of[None]))
    # Each row names its case as the case names itself (an application: its number and project) and links
    # to it: the owners are fetched per type in one query each.
    listed = open_clocks.select_related("rule", "unit", "assignee", "owner_type").prefetch_related("owner")
    red = list(listed.filter(card=Card.RED).order_by("due_at")[:list_size])
    yellow = list(listed.filter(card=Card.YELLOW).order_by("due_at")[:list_size])
    breaches = list(breached_clocks(user, now=now).select_related("rule", "unit", "assignee", "owner_type")
                    .prefetch_related("owner").order_by("-due_at", "-pk")[:list_size])
    with_handlers([*red, *yellow, *breaches])
    return {"totals": totals, "by_unit": by_unit, "by_person": by_person, "red": red, "yellow": yellow,
            "breaches": breaches, "clock_names": clock_rule_names([*red, *yellow, *breaches]), "now": now,
            "alert_charts": alert_charts(user, now=now)}


def owner_handlers(owners: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The handler's user id of each ``(owner_type id, owner id)`` whose app names one
    (``firesvc.sla.hooks.on_clock_handlers``), in one query per owner type that registered."""
    by_type: dict[int, set[int]] = {}
    for owner_type_id, owner_id in owners:
        if owner_type_id is not None:
            by_type.setdefault(owner_type_id, set()).add(owner_id)
    found: dict[tuple[int, int], int] = {}
    for owner_type_id, owner_ids in by_type.items():
        owner_type = ContentType.objects.get_for_id(owner_type_id)  # cached: no query after the first
        handlers = clock_handlers(f"{owner_type.app_label}.{owner_type.model}")
        if handlers is not None:
            found.update({(owner_type_id, owner_id): user_id
                          for owner_id, user_id in handlers(sorted(owner_ids)).items() if user_id})
    return found


def with_handlers(clocks: list[Clock]) -> list[Clock]:
    """Give each clock ``handler``: its assignee, else its case's handler (``owner_handlers``), else None."""
    handler_of = owner_handlers((c.owner_type_id, c.owner_id) for c in clocks if c.assignee_id is None)
    people = get_user_model().objects.in_bulk(set(handler_of.values())) if handler_of else {}
    for clock in clocks:
        clock.handler = clock.assignee if clock.assignee_id is not None else people.get(
            handler_of.get((clock.owner_type_id, clock.owner_id)))
    return clocks


def breached_clocks(user: Any, *, now: datetime) -> QuerySet[Clock]:
    """Clocks of the user's scope that are red at ``now`` (overdue, or finished or paused late), read from the
    clocks themselves, as the board's totals are: the sweep's alerts say who was told, not whether a card is
    red (without the periodic sweep there are none, and the board must not contradict itself). Each carries
    ``notified``, the people its red alert told (None before the sweep has raised it)."""
    told = SlaAlert.objects.filter(clock=OuterRef("pk"), level=Card.RED).values("notified")[:1]
    return (Clock.objects.visible_to(user).annotate(card=cards.card_expression(now)).filter(card=Card.RED)
            .annotate(notified=Subquery(told)))


def alerts_by_month(user: Any, *, now: datetime, months: int = 12) -> dict[str, list[tuple[str, int]]]:
    """Red and yellow cards of the user's scope per month (local time), the last ``months`` months: a clock's
    red card in the month of its ``due_at`` when it is red, its yellow card in the month of its ``yellow_at``
    when it reached it — from the clocks, like the board's lists, whether or not the sweep has run."""
    labels = last_months(timezone.localdate(now), months)
    first = timezone.make_aware(datetime.fromisoformat(f"{labels[0]}-01T00:00"))
    scoped = Clock.objects.visible_to(user).order_by()
    red = (scoped.filter(due_at__gte=first, due_at__lte=now).annotate(card=cards.card_expression(now))
           .filter(card=Card.RED).annotate(month=TruncMonth("due_at")).values_list("month").annotate(n=Count("pk")))
    yellow = (scoped.filter(yellow_at__gte=first, yellow_at__lte=now)
              .annotate(instant=cards.read_instant_expression(now)).filter(yellow_at__lte=F("instant"))
              .annotate(month=TruncMonth("yellow_at")).values_list("month").annotate(n=Count("pk")))
    series = {}
    for level, rows in ((Card.RED, red), (Card.YELLOW, yellow)):
        counts = {timezone.localtime(month).strftime("%Y-%m"): n for month, n in rows}
        series[level] = [(label, counts.get(label, 0)) for label in labels]
    return series


def alert_charts(user: Any, *, now: datetime) -> list[dict[str, Any]]:
    """The board's monthly charts: red cards raised, yellow cards raised."""
    series = alerts_by_month(user, now=now)
    return [month_chart(str(_("Red cards raised per month")), series[Card.RED], tone="red"),
            month_chart(str(_("Yellow cards raised per month")), series[Card.YELLOW], tone="yellow")]


def clocks_for_owner(owner: Any) -> QuerySet[Clock]:
    return Clock.objects.for_owner(owner).select_related("rule").prefetch_related("pauses").order_by("started_at")


def clock_rule_names(clocks: Iterable[Clock]) -> dict[int, str]:
    """Each clock's time limit by clock id, as its case's pages name it: by the names the owner's app registered
    (``firesvc.sla.hooks.on_clock_names``: an application's own clock is its 审批期限), else by its rule
    (``Clock.rule``). The ``clock_names`` an audit timeline shows beside a clock's entries, and the board's.
    Give the clocks with their rules (``select_related("rule")``); each registered namer reads in a fixed
    number of queries, however many clocks."""
    clocks = list(clocks)
    names = {clock.pk: clock.rule.name for clock in clocks}
    by_owner: dict[int, list[Clock]] = {}
    for clock in clocks:
        if clock.owner_type_id is not None:
            by_owner.setdefault(clock.owner_type_id, []).append(clock)
    for owner_type_id, owned in by_owner.items():
        owner_type = ContentType.objects.get_for_id(owner_type_id)  # cached: no query after the first
        namer = clock_namer(f"{owner_type.app_label}.{owner_type.model}")
        if namer is not None:
            names.update(namer(owned))
    return names


def sla_report(*, now: datetime | None = None) -> dict[str, int]:
    """Open clocks per card level and alerts raised, for ``manage.py sla_report``."""
    now = now or timezone.now()
    report = {f"open_{card}": 0 for card in ("green", "yellow", "red", "paused")}
    for row in Clock.objects.open().annotate(card=card_expression(now)).values("card").annotate(n=Count("pk")):
        report[f"open_{row['card']}"] = row["n"]
    for row in SlaAlert.objects.values("level").annotate(n=Count("pk")):
        report[f"alerts_{row['level']}"] = row["n"]
    report["notifications_sent"] = SlaAlert.objects.aggregate(n=Sum("notified"))["n"] or 0
    return report
