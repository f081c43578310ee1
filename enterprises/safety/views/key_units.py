"""Staff pages of key fire-safety units (E7): the list, the coverage, one unit's checklist and letters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.models import Enterprise
from enterprises.safety import forms as f
from enterprises.safety.models import KeyUnitDesignation, KeyUnitMeasure, KeyUnitMeasureRecord, ResponsibilityLetter
from enterprises.safety.selectors import key_unit_coverage
from enterprises.safety.services import key_units as services
from enterprises.safety.views.hazards import file_response, form_errors, require_staff
from firesvc.accounts.roles import Role


def _key_units(request: HttpRequest) -> Any:
    return Enterprise.objects.visible_to(request.user).filter(is_key_unit=True)


@login_required
def key_unit_list(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    year = timezone.localdate().year
    q = request.GET.get("q", "").strip()
    qs = (_key_units(request).select_related("brigade")
          .annotate(measures_in_place=Count("key_unit_measures", filter=Q(key_unit_measures__in_place=True,
                                                                          key_unit_measures__measure__is_active=True)),
                    has_letter=Exists(ResponsibilityLetter.objects.filter(enterprise=OuterRef("pk"), year=year))))
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs.order_by("name", "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "safety/key_unit_list.html", {
        "page": page, "q": q, "query": f"q={q}" if q else "", "year": year,
        "measure_count": KeyUnitMeasure.objects.filter(is_active=True).count()})


@login_required
def key_unit_coverage_view(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return render(request, "safety/key_unit_coverage.html", {"coverage": key_unit_coverage(user=request.user,
                                                                                            year=year)})


def _visible_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("brigade"), pk=pk)


@login_required
def key_unit_detail(request: HttpRequest, pk: int, **forms_: Any) -> HttpResponse:
    require_staff(request)
    enterprise = _visible_enterprise(request, pk)
    return _render_key_unit(request, enterprise, **forms_)


def _render_key_unit(request: HttpRequest, enterprise: Enterprise, **forms_: Any) -> HttpResponse:
    records = {r.measure_id: r for r in KeyUnitMeasureRecord.objects.filter(enterprise=enterprise)}
    measure_rows = []
    for measure in KeyUnitMeasure.objects.filter(is_active=True):
        record = records.get(measure.pk)
        form = forms_.get(f"measure_{measure.pk}") or f.MeasureForm(prefix=f"m{measure.pk}", initial={
            "in_place": record.in_place if record else False,
            "implemented_on": record.implemented_on if record else None, "note": record.note if record else ""})
        measure_rows.append({"measure": measure, "record": record, "form": form})
    user = request.user
    context = {
        "enterprise": enterprise, "measure_rows": measure_rows,
        "designations": KeyUnitDesignation.objects.filter(enterprise=enterprise).select_related("category"),
        "letters": ResponsibilityLetter.objects.filter(enterprise=enterprise),
        "can_designate": user.is_administrator or user.has_role(Role.APPROVER),
        "designate_form": forms_.get("designate_form") or f.DesignateForm(),
        "undesignate_form": forms_.get("undesignate_form") or f.UndesignateForm(),
        "letter_form": forms_.get("letter_form") or f.LetterForm(),
    }
    return render(request, "safety/key_unit_detail.html", context,
                  status=400 if any(form.errors for form in forms_.values()) else 200)


def _key_unit_action(request: HttpRequest, pk: int, form_name: str, form: forms.Form,
                     call: Callable[[Enterprise, dict[str, Any]], Any], success: str) -> HttpResponse:
    require_staff(request)
    enterprise = _visible_enterprise(request, pk)
    if form.is_valid():
        try:
            call(enterprise, form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role does not allow this step."))
        else:
            messages.success(request, success)
            return redirect("safety:key_unit", pk=enterprise.pk)
    enterprise.refresh_from_db()
    return _render_key_unit(request, enterprise, **{form_name: form})


@login_required
@require_POST
def key_unit_designate(request: HttpRequest, pk: int) -> HttpResponse:
    return _key_unit_action(
        request, pk, "designate_form", f.DesignateForm(request.POST),
        lambda e, d: services.key_unit_designate(enterprise=e, category=d["category"], reason=d["reason"],
                                                 building_area=d["building_area"], occupants=d["occupants"],
                                                 actor=request.user),
        _("Designated as a key fire-safety unit."))


@login_required
@require_POST
def key_unit_undesignate(request: HttpRequest, pk: int) -> HttpResponse:
    return _key_unit_action(
        request, pk, "undesignate_form", f.UndesignateForm(request.POST),
        lambda e, d: services.key_unit_undesignate(enterprise=e, reason=d["reason"], actor=request.user),
        _("The designation has ended."))


@login_required
@require_POST
def key_unit_measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    measure = get_object_or_404(KeyUnitMeasure, pk=measure_pk)
    form = f.MeasureForm(request.POST, request.FILES, prefix=f"m{measure.pk}")
    return _key_unit_action(
        request, pk, f"measure_{measure.pk}", form,
        lambda e, d: services.key_unit_measure_update(
            enterprise=e, measure=measure, in_place=d["in_place"], implemented_on=d["implemented_on"],
            note=d["note"], evidence=(f.uploads(d["evidence"]) or [None])[0], actor=request.user),
        _("Measure saved."))


@login_required
@require_POST
def key_unit_letter(request: HttpRequest, pk: int) -> HttpResponse:
    return _key_unit_action(
        request, pk, "letter_form", f.LetterForm(request.POST, request.FILES),
        lambda e, d: services.responsibility_letter_record(
            enterprise=e, year=d["year"], signed_on=d["signed_on"], unit_signatory=d["unit_signatory"],
            enterprise_signatory=d["enterprise_signatory"], scan=f.uploads(d["scan"])[0], actor=request.user),
        _("Responsibility letter saved."))


@login_required
def key_unit_file(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A measure's evidence or a letter's scan, for staff in scope and the enterprise's own verified users
    (anyone can sign up against a published credit code: the binding counts once staff have verified it)."""
    visible = Enterprise.objects.visible_to(request.user)  # enterprise users: verified bindings only
    if kind == "measure":
        record = get_object_or_404(KeyUnitMeasureRecord, pk=pk, enterprise__in=visible)
        if not record.evidence:
            raise Http404
        return file_response(record.evidence, record.evidence_name, record.evidence_type)
    if kind == "letter":
        letter = get_object_or_404(ResponsibilityLetter, pk=pk, enterprise__in=visible)
        return file_response(letter.scan, letter.scan_name, letter.scan_type)
    raise Http404
