"""Closed days stay true: a record saved, deleted or moved to another status after its day was rolled up
gets that day's roll-up redone, so that the dashboard's figure and the records page behind it agree.

An early-intervention meeting held on 1 December but entered on the 6th is placed by its meeting day, which
the nightly roll-up closed before the entry: without this, ``/stats/`` would count it from the 7th only (or
after the nightly re-run), while its records page lists it at once. Listens to ``post_save`` and
``post_delete`` of every model a counter counts (or depends on) and to ``status_changed`` of the transition
helper (whose UPDATE sends no ``post_save``). A day moved from (a date field changed) is redone as well.
Bulk updates and imports send nothing: ``manage.py stats_rollup --from --to`` redoes their days, and the
nightly run redoes the last 45.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from functools import partial
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from firesvc.core.transitions import status_changed
from firesvc.stats.models import RollupState
from firesvc.stats.registry import Counter, counters

# model label -> [(counter, path from a row of that model to the counted row ("" for the row itself))]
_WATCHED: dict[str, list[tuple[Counter, str]]] = defaultdict(list)
_OLD_DAYS = "_stats_days_before_save"


def _walk(obj: Any, path: str) -> Any:
    for part in path.split("__") if path else ():
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def _day(item: Counter, row: Any) -> date | None:
    value = _walk(row, item.date_field)
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


def _days(instance: models.Model) -> dict[date, set[str]]:
    """The days (and the counters' keys) this row places something in, as it is now."""
    days: dict[date, set[str]] = defaultdict(set)
    for item, path in _WATCHED.get(instance._meta.label, ()):
        try:
            target = _walk(instance, path)
            day = _day(item, target) if target is not None else None
        except models.ObjectDoesNotExist:
            day = None
        if day is not None:
            days[day].add(item.key)
    return days


def _redo(days: dict[date, set[str]]) -> None:
    """Redo the closed ones of ``days``. Runs once the record's own transaction has committed (a failure here
    never undoes the record: it is logged, and the nightly run redoes the day); the roll-up state's row is
    locked first, so that two such runs for one day queue instead of colliding on the table's unique key."""
    from firesvc.stats.services import stats_rollup

    # Most records are placed in today, which the nightly run has not rolled up (it closes the days before the
    # one it runs on): then nothing is read or locked, so that writes across the portal do not queue on the
    # roll-up state's one row.
    today = timezone.localdate()
    if all(day >= today for day in days):
        return
    complete = RollupState.objects.filter(singleton=1).values_list("complete_through", flat=True).first()
    if complete is None or all(day > complete and day >= today for day in days):
        return
    with transaction.atomic():
        complete = (RollupState.objects.select_for_update().filter(singleton=1)
                    .values_list("complete_through", flat=True).first())
        if complete is None:
            return
        for day, keys in sorted(days.items()):
            if day <= complete:
                stats_rollup(first=day, last=day, keys=sorted(keys))


def _after_commit(days: dict[date, set[str]]) -> None:
    if days:
        transaction.on_commit(partial(_redo, dict(days)), robust=True)


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False,
                 update_fields: Any = None, **kwargs: Any) -> None:
    """Remember the days the stored row is placed in by its own date fields (the day it may leave)."""
    if raw or instance.pk is None:
        return
    own = [(item, item.date_field) for item, path in _WATCHED.get(sender._meta.label, ())
           if not path and "__" not in item.date_field]
    if update_fields is not None:  # a save of named fields moves the row only if it names a date field
        own = [(item, field) for item, field in own if field in update_fields]
    if not own:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*{field for _item, field in own}).first()
    if stored is None:
        return
    days: dict[date, set[str]] = defaultdict(set)
    for item, field in own:
        value = stored[field]
        if isinstance(value, datetime):
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        if isinstance(value, date):
            days[value].add(item.key)
    setattr(instance, _OLD_DAYS, days)


def _after_change(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    days = _days(instance)
    for day, keys in (instance.__dict__.pop(_OLD_DAYS, None) or {}).items():
        days[day] |= keys
    _after_commit(days)


def connect() -> None:
    """Watch the models of every registered counter (called once the apps' ``stats.py`` are loaded)."""
    _WATCHED.clear()
    for item in counters():
        _WATCHED[item.model_class()._meta.label].append((item, ""))
        for label, path in item.depends_on:
            _WATCHED[label].append((item, path))
    from django.apps import apps

    for label in _WATCHED:
        model = apps.get_model(label)
        uid = f"firesvc.stats.freshness:{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}:pre")
        post_save.connect(_after_change, sender=model, dispatch_uid=f"{uid}:post")
        post_delete.connect(_after_change, sender=model, dispatch_uid=f"{uid}:delete")
        status_changed.connect(_after_change, sender=model, dispatch_uid=f"{uid}:status")
