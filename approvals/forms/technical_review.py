"""Forms of technical review (技术审查, A6) and of its time-limit changes (A8)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from approvals.enums import DecisionOutcome
from approvals.models_review import qualified_label
from approvals.services.technical_review import INSPECTOR_ROLES
from firesvc.accounts.roles import Role
from firesvc.sla.enums import PauseReason


def submit_helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _staff_of(brigade_id: int, *roles: str) -> Any:
    return (get_user_model().objects.filter(unit_id=brigade_id, is_active=True, groups__name__in=roles)
            .distinct().order_by("last_name", "first_name", "username"))


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)  # the person's name (User.display_name), never the login name


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)  # the person's name (User.display_name), never the login name


class AssignForm(forms.Form):
    reviewer = _UserChoice(label=_("Reviewer"), queryset=get_user_model().objects.none(), required=False,
                           empty_label=_("Next in turn (round robin)"))

    def __init__(self, *args: Any, brigade_id: int, actor: Any = None, **kwargs: Any) -> None:
        """``actor``: the assigning approver, never offered (whoever drafts the decision cannot sign it)."""
        super().__init__(*args, **kwargs)
        candidates = _staff_of(brigade_id, Role.REVIEWER, Role.APPROVER)
        if actor is not None:
            candidates = candidates.exclude(pk=actor.pk)
        self.fields["reviewer"].queryset = candidates
        self.helper = submit_helper(_("Assign"))


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Technical review notes"), max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Save notes"))


class InspectionScheduleForm(forms.Form):
    """The date and the officers going with the case's reviewer (who always goes); the rest-day confirmation is
    shown once the service has warned about the date (``technical_review.check_inspection_date``)."""

    scheduled_for = forms.DateField(label=_("Inspection date"), widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = UsersChoice(label=_("Other inspectors"), queryset=get_user_model().objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple)
    confirm_rest_day = forms.BooleanField(label=_("Inspect on this rest day all the same"), required=False,
                                          widget=forms.HiddenInput)

    def __init__(self, *args: Any, brigade_id: int, reviewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = _staff_of(brigade_id, *INSPECTOR_ROLES).exclude(pk=reviewer.pk)
        self.fields["inspectors"].help_text = _(
            "The reviewer, %(name)s, leads the inspection; at least two officers go on site, so choose at least "
            "one more.") % {"name": reviewer}
        if self.is_bound and self.data.get("confirm_rest_day") in ("on", "True", "true", "1"):
            self._show_confirmation()
        self.helper = submit_helper(_("Schedule the inspection"))

    def _show_confirmation(self) -> None:
        self.fields["confirm_rest_day"].widget = forms.CheckboxInput()

    def add_error(self, field: str | None, error: Any) -> None:
        """A warning on the date brings up the box that confirms it."""
        super().add_error(field, error)
        if "confirm_rest_day" in (self._errors or {}):
            self._show_confirmation()


class DraftForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Required for a refusal; printed on the decision."))
    rectification_items = forms.CharField(label=_("Items to rectify (one per line)"), required=False,
                                          max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, matter_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A matter concluded 合格/不合格 (a filing's spot check among them) is not offered 准予许可/不予许可.
        if qualified_label(matter_code, True) is not None:
            self.fields["outcome"].choices = [(DecisionOutcome.APPROVE, qualified_label(matter_code, True)),
                                              (DecisionOutcome.REFUSE, qualified_label(matter_code, False))]
        self.helper = submit_helper(_("Send the draft to the approver"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") == DecisionOutcome.REFUSE and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("A refusal states its reasons; the applicant receives them in writing."))
        return data


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Why the draft goes back"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Send back to the reviewer"))


class SignForm(forms.Form):
    """The approver's confirmation under the preview; the override reason when approving despite failed checks."""

    override_reason = forms.CharField(
        label=_("Reason for approving despite the failed checks"), required=False, max_length=2000,
        widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I have read the document above; sign and issue it."),
                                 error_messages={"required": _("Tick the box to confirm that you sign this document.")})


class PauseForm(forms.Form):
    """``reasons``: those the clock's rule allows (``approvals.services.clocks.pause_reasons_for``), each shown as
    a radio button, the only one already chosen. Any other reason sent is refused by the clock's rule
    (``firesvc.sla.services.clock_pause``), in words that name the time limit, not by the form."""

    reason = forms.ChoiceField(label=_("Why the clock stops"), choices=PauseReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Explanation for the applicant"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    expected_until = forms.DateField(label=_("Expected to end by"), required=False,
                                     help_text=_("Required for a supplement: the date by which the applicant is to "
                                                 "supplement the materials, printed on the notice as their deadline."),
                                     widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, reasons: Sequence[PauseReason] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.widget.choices = [(reason.value, reason.label) for reason in reasons]
        if len(reasons) == 1:
            field.initial = reasons[0].value
        self.helper = submit_helper(_("Stop the clock and notify the applicant"))


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("Note for the applicant (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Restart the clock"))


class ExtendForm(forms.Form):
    amount = forms.IntegerField(label=_("Extend by (working days)"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Approve the extension"))
