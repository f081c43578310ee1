from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.core.charts import month_chart
from firesvc.documents.responses import attachment_response
from firesvc.stats import selectors
from firesvc.stats.exports import csv_bytes, figure_table, unit_label, xlsx_bytes
from firesvc.stats.forms import PeriodForm
from firesvc.stats.registry import counter, counters

DASHBOARD_ROLES = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR)
CHART_KEYS_MAX = 4
RECORDS_PAGE_SIZE = 50


def _require(request: HttpRequest) -> None:
    if not (request.user.is_administrator or request.user.has_role(*DASHBOARD_ROLES)):
        raise PermissionDenied


def _chosen(request: HttpRequest) -> tuple[PeriodForm, OrgUnit | None, selectors.Period | None]:
    form = PeriodForm(request.GET or None, user=request.user)
    if not request.GET:
        form = PeriodForm({"unit": getattr(form.default_unit(), "pk", "")}, user=request.user)
    if not form.is_valid():
        return form, None, None
    unit = form.cleaned_data["unit"]
    return form, unit, selectors.Period(form.cleaned_data["start"], form.cleaned_data["end"])


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The report's figures (统计) for a unit and period, with a breakdown by the units below."""
    _require(request)
    form, unit, period = _chosen(request)
    context: dict[str, Any] = {"form": form, "unit": unit, "period": period}
    if period is not None:
        # A valid filter's fields are kept in the shared cache (dashboard.html) under what they show: the
        # values asked for and the units offered.
        context["unit_choices"] = [(str(value), str(label)) for value, label in form.fields["unit"].choices]
        figures, children, unit_ids = selectors.figures_breakdown_and_scope(unit=unit, period=period)
        headline_keys = [c.key for c in counters() if c.headline]
        breakdown_keys = [c for c in counters() if c.headline or c.order % 10 == 0][:8]
        sections = selectors.dashboard_rows(figures)
        headlines = [row for section in sections for row in section["rows"] if row["headline"]]
        breakdown = [(child, [child_figures.get(c.key) for c in breakdown_keys]) for child, child_figures in children]
        series = _chart(selectors.monthly_series(unit=unit, keys=headline_keys[:CHART_KEYS_MAX], unit_ids=unit_ids))
        query = urlencode({"unit": getattr(unit, "pk", ""), "start": period.first.isoformat(),
                           "end": period.last.isoformat()})
        context.update({
            "sections": sections,
            "headlines": headlines,
            "breakdown": breakdown,
            "breakdown_keys": breakdown_keys,
            "series": series,
            "key_units": selectors.key_units_now(unit=unit, unit_ids=unit_ids),
            "query": query,
        })
        context["shown"] = _shown(context)
    return render(request, "stats/dashboard.html", context, status=200 if period is not None else 400)


def _shown(context: dict[str, Any]) -> str:
    """Everything the figures part of the dashboard prints, as one string: the key its rendering is kept
    under in the shared cache (dashboard.html), so that a changed figure, label or unit name is a new key
    and nothing has to clear the old one."""
    unit = context["unit"]
    return repr((
        context["query"], getattr(unit, "name", ""),
        [(str(section["group"]), [(row["key"], str(row["label"]), row["value"], row["is_ratio"],
                                   row.get("percent"), row["headline"]) for row in section["rows"]])
         for section in context["sections"]],
        [str(c.label) for c in context["breakdown_keys"]],
        [(child.pk, child.name, values) for child, values in context["breakdown"]],
        sorted(context["key_units"].items()) if context["key_units"] else None,
        [(str(chart["label"]), [(bar["month"], bar["value"]) for bar in chart["bars"]]) for chart in context["series"]],
    ))


@login_required
def records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one counter for the unit and period chosen: what the figure counts, row by row."""
    _require(request)
    try:
        item = counter(key)
    except KeyError:
        raise Http404 from None
    form, unit, period = _chosen(request)
    if period is None:
        return render(request, "stats/records.html", {"form": form, "item": item}, status=400)
    rows = selectors.counter_records(item, user=request.user, unit=unit, period=period)
    page = Paginator(rows, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stats/records.html", {
        "form": form, "item": item, "unit": unit, "period": period, "page": page,
        "rows": [selectors.record_row(item, row) for row in page.object_list],
        "query": urlencode({"unit": getattr(unit, "pk", ""), "start": period.first.isoformat(),
                            "end": period.last.isoformat()}),
    })


def _chart(series: dict[str, list[tuple[str, int]]]) -> list[dict[str, Any]]:
    """A monthly bar chart per counter (``firesvc.core.charts``)."""
    labels = {c.key: c.label for c in counters()}
    return [month_chart(labels.get(key, key), points) for key, points in series.items()]


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request)
    form, unit, period = _chosen(request)
    if period is None:
        return render(request, "stats/dashboard.html", {"form": form}, status=400)
    total, children, unit_ids = selectors.figures_breakdown_and_scope(unit=unit, period=period)
    rows = [(unit_label(unit, _("All units")), total)]
    rows += [(child.name, figures) for child, figures in children]
    # The key units (a stock, today's) as on the dashboard: the unit's and each unit's below it.
    key_units = [selectors.key_units_now(unit=unit, unit_ids=unit_ids)]
    key_units += [selectors.key_units_now(unit=child) for child, _figures in children]
    header, body = figure_table(rows, key_units=key_units)
    name = f"统计_{unit_label(unit, '全部')}_{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    if fmt == "xlsx":
        return attachment_response(xlsx_bytes(header, body, title=_("Figures")), f"{name}.xlsx",
                                   content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return attachment_response(csv_bytes(header, body), f"{name}.csv", content_type="text/csv; charset=utf-8")
