"""The patrol teams' filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.enums import TeamKind
from feedback.forms.fields import UnitChoiceField
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit


class TeamFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *TeamKind.choices])
    unit = UnitChoiceField(label=_("Unit"), required=False, queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).filter(
            kind__in=[UnitKind.BRIGADE, UnitKind.SUBDISTRICT, UnitKind.COMMUNITY])

