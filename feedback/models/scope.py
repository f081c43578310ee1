"""The unit scope the feedback querysets share."""

from __future__ import annotations

from typing import Any

from django.db import models

from firesvc.accounts.scoping import unit_scope_q


def visible_in_scope(queryset: models.QuerySet, user: Any, *fields: str) -> models.QuerySet:
    """``queryset`` narrowed to the user's units through ``fields`` (unchanged for a user who sees all)."""
    q = unit_scope_q(user, *fields)
    return queryset if q is None else queryset.filter(q)
