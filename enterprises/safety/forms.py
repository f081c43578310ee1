"""Forms of the hazard and key-unit pages; they parse input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enterprises.forms.pickers import EnterpriseChoiceField
from enterprises.safety.enums import OFFICER_ROLES, HazardSeverity, HazardSource, HazardStatus
from enterprises.safety.models import KeyUnitCategory
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.hazards import MAX_RECTIFY_WORKDAYS, recheck_problems
from enterprises.safety.services.key_units import letter_signing_error
from firesvc.core.uploads import max_upload_bytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def uploads(files: Any) -> list[Upload]:
    """The service's view of uploaded files."""
    if not files:
        return []
    if not isinstance(files, list | tuple):
        files = [files]
    return [Upload(name=f.name, data=f.read()) for f in files]


class HazardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *HazardStatus.choices])
    severity = forms.ChoiceField(label=_("Severity"), required=False,
                                 choices=[("", _("All")), *HazardSeverity.choices])
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All")), *HazardSource.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unreported = forms.BooleanField(label=_("Major hazards not reported to the government"), required=False)


class HazardForm(forms.Form):
    enterprise = EnterpriseChoiceField(label=_("Enterprise"), required=False,
                                       help_text=_("Leave empty when only the address is known."))
    source = forms.ChoiceField(label=_("Found by"), choices=HazardSource.choices)
    source_reference = forms.CharField(label=_("Source reference"), max_length=100, required=False)
    found_on = forms.DateField(label=_("Date of the inspection or visit"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Printed on the rectification order; leave empty if not known."))
    officers = forms.ModelMultipleChoiceField(
        label=_("Other officers present"), required=False, queryset=get_user_model().objects.none(),
        help_text=_("Printed on the rectification order with their law-enforcement certificate numbers."))
    severity = forms.ChoiceField(label=_("Severity"), choices=HazardSeverity.choices,
                                 help_text=_("A major hazard is confirmed by the brigade's approver first."))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    address = forms.CharField(label=_("Address"), max_length=200, required=False,
                              help_text=_("Defaults to the enterprise's address."))
    photos = MultipleFileField(label=_("Photos"), required=False, help_text=_("JPEG or PNG."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from firesvc.accounts.scoping import unit_scope_q

        super().__init__(*args, **kwargs)
        self.fields["enterprise"].scope_to(user)
        staff = get_user_model().objects.filter(is_active=True, groups__name__in=OFFICER_ROLES).exclude(pk=user.pk)
        scope = unit_scope_q(user, "unit")
        self.fields["officers"].queryset = (staff if scope is None else staff.filter(scope)).distinct().order_by(
            "full_name", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("enterprise") and not (data.get("address") or "").strip():
            self.add_error("address", _("Give the address when no enterprise is named."))
        return data


class MajorDecisionForm(forms.Form):
    confirm = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Confirm as a major fire hazard (the detachment is told)")),
                                              ("no", _("Downgrade to a general hazard"))])
    reason = forms.CharField(label=_("Reason"), max_length=300)


class GovernmentReportForm(forms.Form):
    """消防法 §55: the written report of a major fire hazard to the local people's government."""

    reported_on = forms.DateField(label=_("Date of the written report"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    reported_to = forms.CharField(label=_("Reported to"), max_length=100,
                                  help_text=_("The people's government (or the body through which it was reported)."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("E.g. the number of the report."))


class OrderForm(forms.Form):
    WITHIN_DEADLINE, IMMEDIATELY = "deadline", "immediately"

    requirements = forms.CharField(label=_("What must be rectified"), widget=forms.Textarea(attrs={"rows": 3}))
    # 责令限期改正 or 责令立即改正 (消防法 §60, 公安部令第120号): the latter for what can be corrected on the spot.
    correction = forms.ChoiceField(
        label=_("Correction"), widget=forms.RadioSelect, initial=WITHIN_DEADLINE, required=False,  # empty: a time limit
        choices=[(WITHIN_DEADLINE, _("Correct within a time limit")), (IMMEDIATELY, _("Correct immediately"))],
        help_text=_("Immediately: for a violation that can be corrected on the spot, such as a blocked exit; "
                    "no deadline is set and the re-check is due at once."))
    # hidden (and not sent) while "immediately" is chosen: no days apply (static/js/portal.js)
    rectify_workdays = forms.IntegerField(
        label=_("Working days to rectify"), min_value=1, max_value=MAX_RECTIFY_WORKDAYS, initial=10, required=False,
        widget=forms.NumberInput(attrs={"data-hidden-when": "correction=immediately"}))
    enterprise = EnterpriseChoiceField(label=_("Enterprise"), required=False)

    def __init__(self, *args: Any, user: Any, needs_enterprise: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_enterprise:
            self.fields["enterprise"].scope_to(user)
            self.fields["enterprise"].required = True
        else:
            del self.fields["enterprise"]

    def clean(self) -> dict[str, Any]:
        """``rectify_workdays`` is 0 for an order to correct immediately (the service's convention)."""
        data = super().clean()
        if data.get("correction") == self.IMMEDIATELY:
            self.errors.pop("rectify_workdays", None)  # the days do not apply (the field hidden by script)
            data["rectify_workdays"] = 0
        elif data.get("rectify_workdays") is None and "rectify_workdays" not in self.errors:
            self.add_error("rectify_workdays", _("Give the working days to rectify, or choose to correct immediately."))
        return data


class RecheckForm(forms.Form):
    passed = forms.TypedChoiceField(label=_("Result"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("Eliminated")), ("no", _("Not eliminated"))])
    note = forms.CharField(label=_("Re-check opinion"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    new_rectify_workdays = forms.IntegerField(label=_("New deadline (working days)"), min_value=1,
                                              max_value=MAX_RECTIFY_WORKDAYS, required=False)
    photos = MultipleFileField(label=_("Photos"), required=False)

    def clean(self) -> dict[str, Any]:
        """Every lack of a "not eliminated" result at once, beside any field's own error."""
        data = super().clean()
        if "passed" in data:
            for field, message in recheck_problems(passed=data["passed"], note=data.get("note") or "",
                                                   new_rectify_workdays=data.get("new_rectify_workdays")).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG or PNG."))


class ResponseForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Evidence"), help_text=_("Photos or documents: JPEG, PNG, PDF, Word, Excel."))

    def __init__(self, *args: Any, adding: bool = False, **kwargs: Any) -> None:
        """``adding``: the enterprise adds to the report it made (``services.adds_to_report``): a note or a file
        alone will do (the service refuses neither)."""
        super().__init__(*args, **kwargs)
        if adding:
            self.fields["note"].required = self.fields["files"].required = False


class DesignateForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=KeyUnitCategory.objects.filter(is_active=True))
    building_area = forms.DecimalField(label=_("Building area (m²)"), max_digits=10, decimal_places=1,
                                       min_value=0, required=False)
    occupants = forms.IntegerField(label=_("Occupants"), min_value=0, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class UndesignateForm(forms.Form):
    reason = forms.CharField(label=_("Reason for ending"), max_length=300)


class MeasureForm(forms.Form):
    in_place = forms.BooleanField(label=_("In place"), required=False)
    implemented_on = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class LetterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    unit_signatory = forms.CharField(label=_("Signed for the fire service by"), max_length=60)
    enterprise_signatory = forms.CharField(label=_("Signed for the enterprise by"), max_length=60)
    scan = forms.FileField(label=_("Scanned copy"), help_text=_("PDF, JPEG or PNG."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        """The signing date is checked here too (the service's rule), so that a missing scan and a wrong
        date are reported together rather than one after the other."""
        data = super().clean()
        year, signed_on = data.get("year"), data.get("signed_on")
        if year is not None and signed_on is not None:
            error = letter_signing_error(year=year, signed_on=signed_on, today=timezone.localdate())
            if error:
                self.add_error("signed_on", error)
        return data


class EvidenceForm(forms.Form):
    """A key unit's own user shows that one 六加一 measure is in place (the service checks the file's content)."""

    implemented_on = forms.DateField(label=_("In place since"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(label=_("Evidence"),
                               help_text=_("A photo or scan: PDF, JPEG, PNG, Word or Excel, at most %(mb)d MB."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = self.fields["evidence"].help_text % {"mb": max_upload_bytes() // 2**20}

    def clean_evidence(self) -> Any:
        # Refuse an oversized file before it is read into memory; the type is checked by content in the service.
        upload = self.cleaned_data["evidence"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(gettext("The file is %(size).1f MB; at most %(max)d MB is accepted.") % {
                "size": upload.size / 1024 / 1024, "max": limit // 1024 // 1024})
        return upload
