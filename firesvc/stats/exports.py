"""CSV and Excel exports of the figures: one row per unit, one column per counter and ratio."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from firesvc.accounts.models import OrgUnit
from firesvc.stats.registry import Figures, counters, ratios


def figure_table(rows: Iterable[tuple[str, Figures]]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows (label first, then every counter and ratio, ratios rounded to 0.1)."""
    counter_items = counters()
    ratio_items = ratios()
    header = [""] + [str(c.label) for c in counter_items] + [str(r.label) for r in ratio_items]
    body = []
    for label, figures in rows:
        values: list[Any] = [label] + [figures.get(c.key) for c in counter_items]
        for r in ratio_items:
            value = figures.ratio(r)
            values.append("" if value is None else round(value, 1))
        body.append(values)
    return header, body


def csv_bytes(header: Sequence[str], body: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in body:
        writer.writerow([_safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese CSV correctly


def xlsx_bytes(header: Sequence[str], body: Sequence[Sequence[Any]], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "figures")
    sheet.append(list(header))
    for row in body:
        sheet.append([_safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe_cell(value: Any) -> Any:
    # A unit name that starts like a formula must not run as one in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def unit_label(unit: OrgUnit | None, default: str) -> str:
    return unit.name if unit is not None else default
