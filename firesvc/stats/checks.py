"""A system check: every counter's date field is indexed.

The dashboard counts the days after the last roll-up live; without an index on the date
field each of those counts reads the whole table (seconds at a million rows instead of
milliseconds). CI runs ``check --fail-level WARNING``, so a new counter on an unindexed
field fails the build.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import models


def _field_is_indexed(model: type[models.Model], name: str) -> bool:
    field = model._meta.get_field(name)
    if getattr(field, "db_index", False) or getattr(field, "unique", False) or getattr(field, "primary_key", False):
        return True
    for index in model._meta.indexes:
        leading = index.fields[0].lstrip("-") if index.fields else None
        if leading == name:
            return True
    return False


def _target(model: type[models.Model], path: str) -> tuple[type[models.Model], str]:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model  # type: ignore[assignment]
    return model, parts[-1]


@checks.register()
def counter_date_fields_are_indexed(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from firesvc.stats.registry import counters

    problems = []
    for item in counters():
        model, name = _target(item.model_class(), item.date_field)
        if not _field_is_indexed(model, name):
            problems.append(checks.Warning(
                f"The statistics counter {item.key!r} counts by {model._meta.label}.{name}, which has no index.",
                hint="Add db_index=True (or an index led by the field) so that live counting stays fast.",
                obj=model, id="stats.W001"))
    return problems
