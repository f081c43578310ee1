"""Queries of 好差评: a case's ratings, the follow-up queue, satisfaction figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from firesvc.reviews.enums import BAD_LEVELS, OPEN_FOLLOW_UP, RULE_RECTIFY, RULE_VISIT
from firesvc.reviews.models import FollowUp, Review
from firesvc.sla.models import Clock


def reviews_of(case: Any) -> list[Review]:
    """Every rating of ``case`` (first ratings and 追评), oldest first, with their follow-ups."""
    return list(Review.objects.for_owner(case).select_related("follow_up").order_by("created_at", "pk"))


@dataclass
class FollowUpRow:
    follow_up: FollowUp
    visit_clock: Clock | None
    rectify_clock: Clock | None

    @property
    def current_clock(self) -> Clock | None:
        from firesvc.reviews.enums import FollowUpStatus

        if self.follow_up.status == FollowUpStatus.VISIT_DUE:
            return self.visit_clock
        if self.follow_up.status == FollowUpStatus.RECTIFYING:
            return self.rectify_clock
        return None

    @property
    def card(self) -> str:
        """The card of the current deadline now ("" when none runs): read from the clock, no query."""
        clock = self.current_clock
        return str(clock.card(timezone.now()).value) if clock is not None else ""


def follow_up_clocks(follow_ups: list[FollowUp]) -> dict[int, dict[str, Clock]]:
    """The two clocks of each follow-up, in one query."""
    if not follow_ups:
        return {}
    content_type = ContentType.objects.get_for_model(FollowUp)
    clocks = (Clock.objects.filter(owner_type=content_type, owner_id__in=[f.pk for f in follow_ups])
              .select_related("rule"))
    found: dict[int, dict[str, Clock]] = defaultdict(dict)
    for clock in clocks:
        found[clock.owner_id][clock.rule.code] = clock
    return found


def follow_up_queue(user: Any, *, open_only: bool = True, limit: int = 200) -> list[FollowUpRow]:
    """Bad reviews being followed up in the user's scope, the oldest (most urgent) first."""
    qs = FollowUp.objects.visible_to(user).select_related("review", "unit", "review__clerk")
    qs = qs.filter(status__in=OPEN_FOLLOW_UP) if open_only else qs.exclude(status__in=OPEN_FOLLOW_UP)
    rows = list(qs.order_by("created_at", "pk")[:limit] if open_only else qs.order_by("-created_at", "-pk")[:limit])
    clocks = follow_up_clocks(rows)
    return [FollowUpRow(f, clocks.get(f.pk, {}).get(RULE_VISIT), clocks.get(f.pk, {}).get(RULE_RECTIFY))
            for f in rows]


def follow_up_row(follow_up: FollowUp) -> FollowUpRow:
    clocks = follow_up_clocks([follow_up]).get(follow_up.pk, {})
    return FollowUpRow(follow_up, clocks.get(RULE_VISIT), clocks.get(RULE_RECTIFY))


def follow_up_card_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Open follow-ups in the user's scope by the card of their current deadline."""
    now = now or timezone.now()
    counts = {"open": 0, "red": 0, "yellow": 0}
    for row in follow_up_queue(user):
        counts["open"] += 1
        clock = row.current_clock
        if clock is not None:
            card = clock.card(now)
            if card in counts:
                counts[card] += 1
    return counts


@dataclass(frozen=True)
class Satisfaction:
    """Ratings of one group (a matter, a window, a clerk, a unit): how many, how good, how bad ones fared."""

    key: Any
    label: str
    ratings: int
    score_sum: int
    satisfied: int  # 非常满意, 满意 or 基本满意
    bad: int
    visited: int
    rectified: int
    # Bad ones the reviews follow up (差评整改); a kind with its own rating flow answers its bad ratings itself
    # (a hazard report reopens for a supervisor), so the shares visited and rectified are of these.
    followed: int = 0

    @property
    def average(self) -> float | None:
        return self.score_sum / self.ratings if self.ratings else None

    @property
    def satisfied_share(self) -> float | None:
        return 100 * self.satisfied / self.ratings if self.ratings else None

    @property
    def visited_share(self) -> float | None:
        return 100 * self.visited / self.followed if self.followed else None

    @property
    def rectified_share(self) -> float | None:
        return 100 * self.rectified / self.followed if self.followed else None


_BAD = Q(level__in=list(BAD_LEVELS))


def _grouped(qs: QuerySet[Review], keys: tuple[str, ...], label: Any) -> list[Satisfaction]:
    """Ratings (first ratings only: a 追评 is not a second rating of the case) grouped by ``keys``;
    ``label(row)`` names a group."""
    rows = (qs.filter(parent__isnull=True).values(*keys)
            .annotate(n=Count("pk"), s=Sum("score"), good=Count("pk", filter=~_BAD), bad=Count("pk", filter=_BAD),
                      visited=Count("pk", filter=_BAD & Q(follow_up__visited_at__isnull=False)),
                      rectified=Count("pk", filter=_BAD & Q(follow_up__rectified_at__isnull=False)),
                      followed=Count("pk", filter=_BAD & Q(follow_up__isnull=False)))
            .order_by(*keys))
    return [Satisfaction(tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]], label(r), r["n"], r["s"] or 0,
                         r["good"], r["bad"], r["visited"], r["rectified"], r["followed"]) for r in rows]


def satisfaction_by_matter(*, since: datetime | None = None) -> dict[str, Satisfaction]:
    """Public: every matter's ratings (the service guide shows its own), by ``matter_key``."""
    qs = Review.objects.exclude(matter_key="")
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return {row.key: row for row in _grouped(qs, ("matter_key", "matter_label"), lambda r: r["matter_label"])}


def satisfaction_figures(user: Any, *, first: datetime, last: datetime) -> dict[str, list[Satisfaction]]:
    """The dashboard's tables: ratings in the user's scope given from ``first`` until before ``last``, per
    unit, window (of its unit) and clerk."""
    from django.contrib.auth import get_user_model

    qs = Review.objects.visible_to(user).filter(created_at__gte=first, created_at__lt=last)
    units = _grouped(qs, ("unit", "unit__name"), lambda r: r["unit__name"])
    windows = _grouped(qs.exclude(window=""), ("unit", "unit__name", "window"),
                       lambda r: f"{r['unit__name']} · {r['window']}")
    clerks = _grouped(qs.exclude(clerk__isnull=True), ("clerk",), lambda r: "")
    names = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=[r.key for r in clerks])}
    clerks = [Satisfaction(r.key, names.get(r.key, ""), r.ratings, r.score_sum, r.satisfied, r.bad, r.visited,
                           r.rectified, r.followed) for r in clerks]
    return {"units": units, "windows": windows, "clerks": clerks}


def satisfaction_of_matter(matter_key: str) -> Satisfaction | None:
    """Public: the ratings of one matter (its service guide shows them); None before the first rating."""
    rows = _grouped(Review.objects.filter(matter_key=matter_key), ("matter_key",), lambda r: r["matter_key"])
    return rows[0] if rows else None
