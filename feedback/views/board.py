"""The coverage board (执法监督看板): counts per unit and officer for a period, and its export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from feedback.forms.board import BoardForm
from feedback.selectors.board import BoardRow, coverage_board, ratings_shown
from feedback.views.base import page_query, supervisor_only
from firesvc.documents.responses import attachment_response
from firesvc.stats.exports import csv_bytes, xlsx_bytes


@login_required
def board(request: HttpRequest) -> HttpResponse:
    supervisor_only(request)
    form = BoardForm(request.GET or None)
    start, end = form.period()
    data = coverage_board(request.user, start=start, end=end)
    export = request.GET.get("export", "")
    if export in ("csv", "xlsx"):
        return _board_export(data, start=start, end=end, fmt=export)
    rows = [*data["units"], *data["officers"]]
    return render(request, "feedback/board.html", {
        "form": form, "start": start, "end": end, **data, "query": page_query(request),
        "ratings_shown": ratings_shown(data), "ratings_withheld": any(not r.rating_shown and r.acts for r in rows)})


def _board_rows(data: dict[str, list[BoardRow]]) -> list[list[Any]]:
    """The export's rows: the mean-rating column only when the viewer may read some row's ratings, and in it
    only the figures of those rows (as on the page)."""
    with_ratings = ratings_shown(data)
    header = [_("Level"), _("Unit / officer"), _("Acts"), _("Receipts returned"), _("Visits due"),
              _("Visits done"), _("Visits overdue"), *([_("Mean rating")] if with_ratings else []), _("Complaints")]
    rows: list[list[Any]] = [header]
    for level, label in (("units", _("Unit")), ("officers", _("Officer"))):
        for r in data[level]:
            rating = [r.satisfaction if r.rating_shown and r.satisfaction is not None else ""] if with_ratings else []
            rows.append([label, r.label, r.acts, r.returned, r.visits_due, r.visits_done, r.visits_overdue,
                         *rating, r.complaints])
    return rows


def _board_export(data: dict[str, list[BoardRow]], *, start: Any, end: Any, fmt: str) -> HttpResponse:
    rows = _board_rows(data)
    name = f"coverage-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "csv":
        return attachment_response(csv_bytes(rows[0], rows[1:]), f"{name}.csv", content_type="text/csv; charset=utf-8")
    return attachment_response(xlsx_bytes(rows[0], rows[1:], title="coverage"), f"{name}.xlsx",
                               content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

