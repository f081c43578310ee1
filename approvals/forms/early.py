"""The form of an early intervention meeting (提前介入, A10)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from approvals.forms.technical_review import UsersChoice, submit_helper
from enterprises.forms.pickers import EnterpriseChoiceField
from firesvc.accounts.roles import STAFF_ROLES


class EarlyInterventionForm(forms.Form):
    enterprise = EnterpriseChoiceField(label=_("Enterprise"), scope="brigade")
    project_name = forms.CharField(label=_("Project name"), max_length=200)
    met_on = forms.DateField(label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}))
    staff = UsersChoice(label=_("Staff present"), queryset=get_user_model().objects.none(),
                         widget=forms.CheckboxSelectMultiple)
    advice = forms.CharField(label=_("Advice given"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from firesvc.accounts.scoping import unit_scope_q

        super().__init__(*args, **kwargs)
        self.fields["enterprise"].scope_to(user)
        users = get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        scope_users = unit_scope_q(user, "unit")
        self.fields["staff"].queryset = (users if scope_users is None else users.filter(scope_users)).distinct()
        self.helper = submit_helper(_("Record the meeting"))
