"""The filing pre-check questionnaire (A2)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.precheck import PLACE_RULES, PrecheckAnswers, WorkType
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
