"""The dashboard's covering indexes: INCLUDE columns on PostgreSQL, a plain index (and no system-check
warning) elsewhere."""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connection

from firesvc.core.indexes import CoveringIndex
from firesvc.stats.models import DailyCount


def _index(name: str) -> CoveringIndex:
    return next(index for index in DailyCount._meta.indexes if index.name == name)


@pytest.mark.django_db
def test_create_sql_includes_the_covering_columns_where_the_database_has_them():
    editor = connection.schema_editor(collect_sql=True)  # only to write the statement: not entered
    sql = str(_index("stats_unit_day_cover_idx").create_sql(DailyCount, editor))

    if connection.features.supports_covering_indexes:
        assert sql.endswith('("unit_id", "day") INCLUDE ("key", "value")')
    else:
        assert sql.endswith('("unit_id", "day")')


def test_covering_indexes_raise_no_system_check_warning():
    assert not [message for message in checks.run_checks() if message.id == "models.W040"]


def test_covering_index_survives_deconstruction():
    index = _index("stats_key_day_cover_idx")
    assert index.clone() == index
    assert index.clone().covering == ("unit", "value")


def test_covering_index_must_be_named():
    with pytest.raises(ValueError):
        CoveringIndex(fields=["day"], covering=["value"])
