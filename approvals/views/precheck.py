"""The public filing pre-check (A2): a short questionnaire and its result. No account needed.

GET shows the form; POST validates it and, when valid, records the notice and shows the result
(the outcome, the rule cited, the matching service guides); when not, the form comes back with
every answer kept and each error next to its field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from approvals.models import Matter
from approvals.precheck import PLACE_RULES, OutcomeCode, PrecheckAnswers, WorkType
from approvals.services.precheck import precheck_record
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit


class PrecheckForm(forms.Form):
    work_type = forms.ChoiceField(label=_("What is being done?"), choices=WorkType.choices)
    place = forms.ChoiceField(label=_("Use of the building or place"),
                              choices=[("", "---------")] + [(code, rule.label) for code, rule in PLACE_RULES.items()])
    area = forms.DecimalField(label=_("Building area (m²)"), min_value=Decimal("0"), max_digits=12, decimal_places=2,
                              help_text=_("For a fit-out or change of use: the area of the place concerned."))
    height = forms.DecimalField(label=_("Building height (m)"), min_value=Decimal("0"), max_digits=7,
                                decimal_places=2, initial=Decimal("0"))
    investment = forms.DecimalField(label=_("Investment (10,000 yuan)"), min_value=Decimal("0"), max_digits=12,
                                    decimal_places=2, required=False, help_text=_("Optional."))
    brigade = forms.ModelChoiceField(label=_("Fire brigade of the project's district"), required=False,
                                     queryset=OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("path"),
                                     help_text=_("Optional; counts the notice for that brigade."))
    enterprise_name = forms.CharField(label=_("Enterprise (optional)"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact (optional)"), max_length=100, required=False)

    def answers(self) -> PrecheckAnswers:
        data = self.cleaned_data
        return PrecheckAnswers(work_type=data["work_type"], place=data["place"], area=data["area"],
                               height=data["height"], investment=data["investment"])


@require_http_methods(["GET", "POST"])
def precheck(request: HttpRequest) -> HttpResponse:
    form = PrecheckForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "approvals/precheck/form.html", {"form": form},
                      status=400 if request.method == "POST" else 200)
    notice, outcome = precheck_record(
        answers=form.answers(), actor=request.user, brigade=form.cleaned_data["brigade"],
        enterprise_name=form.cleaned_data["enterprise_name"], contact=form.cleaned_data["contact"],
    )
    guides = {m.code: m for m in Matter.objects.filter(code__in=outcome.guides, is_active=True)}
    context: dict[str, Any] = {
        "notice": notice, "outcome": outcome, "outcome_label": OutcomeCode(outcome.code).label,
        "guides": [guides[code] for code in outcome.guides if code in guides],
        "work_type_label": WorkType(notice.answers["work_type"]).label,
        "place_label": PLACE_RULES[notice.answers["place"]].label, "answers": form.cleaned_data,
    }
    return render(request, "approvals/precheck/result.html", context)
