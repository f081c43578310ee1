"""Forms of the clerks' worklist filter (A12) and of one-time window filing (A11)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.forms.filing import active_matter_choices
from approvals.models import Matter
from enterprises.forms.pickers import EnterpriseChoiceField


class WindowFilingForm(forms.Form):
    """A clerk starts a filing for an enterprise at the window (一次性申报服务, A11)."""

    enterprise = EnterpriseChoiceField(label=_("enterprise"))
    matter = forms.ModelChoiceField(label=_("matter"), queryset=Matter.objects.filter(is_active=True))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].scope_to(user)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Start the filing")))


class WorklistFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("unit"), required=False)
    matter = forms.ChoiceField(label=_("matter"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)
    card = forms.ChoiceField(label=_("card"), required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], matters: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        from approvals.enums import ApplicationStatus
        from firesvc.sla.enums import Card

        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["unit"].choices = everything + units
        self.fields["matter"].choices = everything + (active_matter_choices() if matters is None else matters)
        self.fields["status"].choices = [*everything,
                                         (ApplicationStatus.SUBMITTED, ApplicationStatus.SUBMITTED.label),
                                         (ApplicationStatus.ACCEPTED, ApplicationStatus.ACCEPTED.label)]
        self.fields["card"].choices = everything + [(c.value, c.label) for c in Card]

    @property
    def choices_key(self) -> str:
        """The units and matters offered, as text: the blank bar's ``{% cache %}`` key, so a renamed
        matter or a unit added to the scope shows at once on every server."""
        return repr([(value, str(label)) for name in ("unit", "matter") for value, label in self.fields[name].choices])
