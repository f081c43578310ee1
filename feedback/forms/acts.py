"""Recording an enforcement act (B1) and declining a proposed seal-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.forms.pickers import EnterpriseChoiceField
from feedback.enums import ActKind, SealUpProposal
from feedback.forms.fields import FieldsOnlyMixin, UnitChoiceField, UserChoiceField
from feedback.models import EnforcementAct, FirstErrorRule
from feedback.services.acts import seal_up_pending
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role


class _InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} · {obj.counterparty} · {timezone.localtime(obj.occurred_at):%Y-%m-%d}"


class _RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.province} {obj.code}. {obj.title}"


class ActForm(FieldsOnlyMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of act"), choices=ActKind.choices)
    unit = UnitChoiceField(label=_("Brigade"), queryset=OrgUnit.objects.none())
    enterprise = EnterpriseChoiceField(label=_("Enterprise"), scope="brigade", required=False,
                                       help_text=_("Leave empty when the act concerns a person."))
    person_name = forms.CharField(label=_("Person"), max_length=60, required=False)
    person_phone = forms.CharField(label=_("Person's phone"), max_length=30, required=False)
    officers = UserChoiceField(label=_("Officers"), queryset=User.objects.none())
    occurred_at = forms.DateTimeField(label=_("Date and time"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    documents_served = forms.CharField(label=_("Documents served"), max_length=2000, required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    reference = forms.CharField(label=_("Document number"), max_length=60, required=False)
    first_error_rule = _RuleChoiceField(
        label=_("First error not penalised (首错不罚): rule applied"), queryset=FirstErrorRule.objects.none(),
        required=False, help_text=_("Penalty cases only; the list is maintained by administrators."))
    seal_up = forms.ChoiceField(
        label=_("Temporary seal-up (临时查封)"), choices=SealUpProposal.choices, required=False,
        help_text=_("Inspections only: proposing a seal-up starts the decision clock."))
    follows_inspection = _InspectionChoiceField(
        label=_("Following the inspection"), queryset=EnforcementAct.objects.none(), required=False,
        help_text=_("Compulsory measures: the inspection that proposed the seal-up; its decision clock stops."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.visible_to(user).filter(kind=UnitKind.BRIGADE)
        self.fields["follows_inspection"].queryset = seal_up_pending(unit_ids=units.values("pk"))
        self.fields["unit"].queryset = units
        self.fields["enterprise"].scope_to(user)
        self.fields["officers"].queryset = User.objects.filter(
            is_active=True, unit__in=OrgUnit.objects.visible_to(user),
            groups__name__in=[Role.REVIEWER, Role.APPROVER, Role.WINDOW_CLERK]).distinct().order_by("full_name")
        self.fields["first_error_rule"].queryset = FirstErrorRule.objects.filter(active=True)
        if not self.is_bound and units.count() == 1:
            self.initial["unit"] = units.first()
        inspection_pk = str(self.initial.get("follows_inspection", ""))
        inspection = (self.fields["follows_inspection"].queryset.filter(pk=inspection_pk).first()
                      if not self.is_bound and inspection_pk.isdigit() else None)
        if inspection is not None:  # the measure concerns the same counterparty and place
            self.initial.update(unit=inspection.unit_id, enterprise=inspection.enterprise_id, place=inspection.place,
                                person_name=inspection.person_name, person_phone=inspection.person_phone)


class SealUpDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why no seal-up"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

