"""CSV and Excel exports of the figures: one row per unit, one column per counter and ratio."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from firesvc.accounts.models import OrgUnit
from firesvc.stats.registry import Figures, counters, ratios


def figure_table(rows: Iterable[tuple[str, Figures]], *,
                 key_units: Sequence[dict[str, Any]] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Header and rows (label first, then every counter and ratio, ratios rounded to 0.1).

    ``key_units``: each row's key fire-safety units today (``selectors.key_units_now``), in the row's order;
    given, three columns follow, as the dashboard shows them: the key units, those with every 六加一 measure
    and this year's letter, and the coverage in per cent.
    """
    counter_items = counters()
    ratio_items = ratios()
    header = [""] + [str(c.label) for c in counter_items] + [str(r.label) for r in ratio_items]
    if key_units is not None:
        year = key_units[0]["year"] if key_units else ""
        header += [_("Key fire-safety units today"),
                   _("With every six-plus-one measure and a %(year)s responsibility letter") % {"year": year},
                   _("Key-unit coverage (%)")]
    body = []
    for index, (label, figures) in enumerate(rows):
        values: list[Any] = [label] + [figures.get(c.key) for c in counter_items]
        for r in ratio_items:
            value = figures.ratio(r)
            values.append("" if value is None else round(value, 1))
        if key_units is not None:
            stock = key_units[index]
            values += [stock["total"], stock["complete"], "" if stock["share"] is None else stock["share"]]
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
