"""System checks of the feedback app: every unit that can receive reports or complaints reaches a person."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError
from django.utils.translation import gettext as _

from feedback.selectors.staffing import NO_DUTY_OFFICER, unstaffed_units


@checks.register(checks.Tags.database)
def units_reach_a_person(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn of units with no duty officer or no discipline supervisor (``manage.py check --database default``,
    and before every ``migrate``). Reads the database, so it runs only when a database is named."""
    if not databases:
        return []
    try:
        rows = unstaffed_units()
    except DatabaseError:  # not migrated yet: nothing to say about people
        return []
    return [checks.Warning(
        f"{row.place}: {row.problem}",
        hint=_("Give the unit an active duty officer.") if row.missing == NO_DUTY_OFFICER else
        _("Give the unit above it an active discipline supervisor."),
        obj=row.unit, id="feedback.W001" if row.missing == NO_DUTY_OFFICER else "feedback.W002",
    ) for row in rows]
