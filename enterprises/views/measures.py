"""Public pages of the published service measures (E9)."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from enterprises.models import ServiceMeasure
from firesvc.accounts.models import OrgUnit


def measure_list(request: HttpRequest) -> HttpResponse:
    """Published, current measures grouped by issuing unit; ``?unit=<id>`` narrows to one unit."""
    measures = ServiceMeasure.objects.current().select_related("unit")
    units = OrgUnit.objects.filter(pk__in=measures.values("unit")).order_by("path")
    selected = None
    unit_param = request.GET.get("unit", "")
    if unit_param.isdigit():
        selected = units.filter(pk=int(unit_param)).first()
        if selected is not None:
            measures = measures.filter(unit=selected)
    ordered = measures.order_by("unit__path", "number", "pk")
    groups = [(unit, list(items)) for unit, items in groupby(ordered, key=lambda m: m.unit)]
    return render(request, "enterprises/measures/measure_list.html", {
        "groups": groups, "units": units, "selected": selected,
    })


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(ServiceMeasure.objects.current().select_related("unit"), pk=pk)
    return render(request, "enterprises/measures/measure_detail.html", {"measure": measure})
