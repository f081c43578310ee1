"""Forms of the supervision loop (B1–B5): they parse input; services decide."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from feedback.enums import ActKind, ComplaintKind, ComplaintStatus, SealUpProposal, VisitMethod
from feedback.models import EnforcementAct, FirstErrorRule
from feedback.services.acts import seal_up_pending
from feedback.services.receipts import Rating
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role

SCORES = [(str(n), str(n)) for n in range(5, 0, -1)]
SCORES_OPTIONAL = [("", "—"), *SCORES]


class _UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class _UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


class _InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} · {obj.counterparty} · {timezone.localtime(obj.occurred_at):%Y-%m-%d}"


class _RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.province} {obj.code}. {obj.title}"


class ActForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of act"), choices=ActKind.choices)
    unit = _UnitChoiceField(label=_("Brigade"), queryset=OrgUnit.objects.none())
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False,
                                        help_text=_("Leave empty when the act concerns a person."))
    person_name = forms.CharField(label=_("Person"), max_length=60, required=False)
    person_phone = forms.CharField(label=_("Person's phone"), max_length=30, required=False)
    officers = _UserChoiceField(label=_("Officers"), queryset=User.objects.none())
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
        self.fields["enterprise"].queryset = Enterprise.objects.filter(brigade__in=units).order_by("name")
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


class RatingForm(forms.Form):
    """The counterparty's rating (QR page) and the paper receipt typed in by staff."""

    visit_confirmed = forms.BooleanField(label=_("I confirm that the officers visited / dealt with us"),
                                         required=False, initial=True)
    overall = forms.TypedChoiceField(label=_("Overall"), choices=SCORES, coerce=int,
                                     widget=forms.RadioSelect(attrs={"class": "rating"}))
    punctuality = forms.TypedChoiceField(label=_("Punctuality"), choices=SCORES_OPTIONAL, coerce=int,
                                         empty_value=None, required=False)
    clarity = forms.TypedChoiceField(label=_("Clear explanations"), choices=SCORES_OPTIONAL, coerce=int,
                                     empty_value=None, required=False)
    courtesy = forms.TypedChoiceField(label=_("Courtesy"), choices=SCORES_OPTIONAL, coerce=int,
                                      empty_value=None, required=False)
    integrity_flag = forms.BooleanField(
        label=_("An officer asked for meals, gifts, money or favours, or made things difficult (吃拿卡要)"),
        required=False)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    callback_contact = forms.CharField(label=_("Phone for a callback (optional)"), max_length=60, required=False,
                                       widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def rating(self) -> Rating:
        d = self.cleaned_data
        return Rating(overall=d["overall"], punctuality=d["punctuality"], clarity=d["clarity"],
                      courtesy=d["courtesy"], integrity_flag=d["integrity_flag"], comment=d["comment"],
                      callback_contact=d["callback_contact"], visit_confirmed=d["visit_confirmed"])


class VisitAttemptForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices)
    reached = forms.TypedChoiceField(label=_("Reached"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Reached")), ("no", _("Not reached"))],
                                     widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    questions_answers = forms.CharField(label=_("Questions and answers"), max_length=5000, required=False,
                                        widget=forms.Textarea(attrs={"rows": 4}))
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction"), choices=SCORES_OPTIONAL, coerce=int,
                                          empty_value=None, required=False)
    problem = forms.CharField(label=_("Problem raised"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), max_length=2000, required=False)


class ReviewComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ComplaintKind.choices)
    text = forms.CharField(label=_("What is to be investigated"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BoardForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=89)
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class ComplaintFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ComplaintStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ComplaintKind.choices])


class HotlineComplaintForm(forms.Form):
    """A complaint taken on the hotline, typed in by staff."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ComplaintKind.choices)
    unit = _UnitChoiceField(label=_("Unit complained about"), queryset=OrgUnit.objects.none())
    officers = _UserChoiceField(label=_("Officers concerned"), queryset=User.objects.none(), required=False)
    text = forms.CharField(label=_("Complaint"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    complainant_name = forms.CharField(label=_("Caller's name"), max_length=60, required=False)
    complainant_contact = forms.CharField(label=_("Caller's phone"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.visible_to(user).filter(kind__in=[UnitKind.DETACHMENT, UnitKind.BRIGADE])
        self.fields["unit"].queryset = units
        self.fields["officers"].queryset = User.objects.filter(
            is_active=True, unit__in=OrgUnit.objects.visible_to(user)).exclude(
            groups__name=Role.ENTERPRISE_USER).order_by("full_name")


class OnlineComplaintForm(forms.Form):
    """The public form: anyone, name optional; ``website`` is a honeypot."""

    kind = forms.ChoiceField(label=_("What do you want to report?"), choices=ComplaintKind.choices,
                             widget=forms.RadioSelect, initial=ComplaintKind.COMPLAINT)
    unit = _UnitChoiceField(label=_("Fire brigade concerned"), queryset=OrgUnit.objects.none())
    text = forms.CharField(label=_("What happened (who, when, where)"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    complainant_name = forms.CharField(label=_("Your name (optional)"), max_length=60, required=False)
    complainant_contact = forms.CharField(label=_("Phone for a reply (optional)"), max_length=60, required=False,
                                          widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("path")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class AssignForm(forms.Form):
    investigator = forms.ModelChoiceField(label=_("Investigator"), queryset=User.objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = candidates


class AnswerComplaintForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    rectification = forms.CharField(label=_("Rectification"), max_length=5000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    reply = forms.CharField(label=_("Reply to the complainant"), max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class CloseComplaintForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("What is missing"), max_length=2000)


class ReplyRatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied are you with the reply?"), choices=SCORES, coerce=int,
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
