"""Forms of filing (A3): the project's particulars, a material's upload, and the open matters to file for."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Hidden, Layout, Submit
from django import forms
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.enums import BuildingUse
from approvals.models import Application, Matter
from firesvc.core.phones import CONTACT_PHONE_REFUSED, is_reachable_phone
from firesvc.core.submissions import FIELD, form_token

PROJECT_FLAGS = ("is_key_project", "is_livelihood_project")
# Plausibility bounds of the project form: the tallest buildings are about 830 m and 163 floors.
MAX_HEIGHT_M = 1000
MAX_FLOORS = 200


class ApplicationForm(forms.ModelForm):
    """The project form of an online filing (A3). 使用性质 offers building uses only; whether the project is a
    key (重点工程) or livelihood (民生工程) project is asked apart, under its own heading, as yes-or-no questions:
    listed beside the use they read as two more uses."""

    class Meta:
        model = Application
        fields = [
            "project_name", "project_address", "building_area", "building_height", "floors", "use",
            "is_key_project", "is_livelihood_project", "contact_name", "contact_phone", "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "is_key_project": _("Yes, it is a key project"),
            "is_livelihood_project": _("Yes, it is a livelihood project"),
        }
        help_texts = {
            "use": _("What the building is used for."),
            "is_livelihood_project": _("Tick only a project the government has listed as such: it gets the shorter "
                                       "promised time limit. Most projects are neither."),
        }

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["building_area"].min_value = 0
        # Django's stock words for a number too long read as a programmer's ("确认总共不超过 12 个数字."): plainly.
        for name, unit in (("building_area", "m²"), ("building_height", "m")):
            self.fields[name].error_messages.update({
                "max_decimal_places": _("Give at most two decimal places."),
                "max_digits": _("This number is too large for %(unit)s: check it.") % {"unit": unit},
                "max_whole_digits": _("This number is too large for %(unit)s: check it.") % {"unit": unit},
            })
        self.fields["contact_phone"].help_text = _("A mobile or landline number we can call about the case.")
        self.fields["use"].choices = [("", _("Choose the building's use")), *BuildingUse.choices]
        self.helper = FormHelper()
        self.helper.layout = project_layout()
        self.helper.add_input(Hidden(FIELD, form_token(self.data)))  # a double click stores one record
        self.helper.add_input(Submit("submit", submit_label or _("Save draft")))

    @property
    def fields_helper(self) -> FormHelper:
        """The same layout without the form tag and buttons, for a page that puts it in a larger form."""
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = project_layout()
        return helper

    def clean_building_area(self) -> Any:
        value = self.cleaned_data["building_area"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The building area must be more than 0 m²."))
        return value

    def clean_building_height(self) -> Any:
        value = self.cleaned_data["building_height"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The height cannot be negative."))
        if value is not None and value > MAX_HEIGHT_M:
            raise forms.ValidationError(_("No building is higher than %(m)d m: check the height.")
                                        % {"m": MAX_HEIGHT_M})
        return value

    def clean_floors(self) -> Any:
        value = self.cleaned_data["floors"]
        if value is not None and value > MAX_FLOORS:
            raise forms.ValidationError(_("No building has more than %(n)d floors above ground: check the number.")
                                        % {"n": MAX_FLOORS})
        return value

    def clean_contact_phone(self) -> str:
        value = self.cleaned_data["contact_phone"].strip().replace(" ", "")
        if not is_reachable_phone(value):
            raise forms.ValidationError(CONTACT_PHONE_REFUSED)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        height, floors = data.get("building_height"), data.get("floors")
        # An underground-only building (地下车库) has no floor above ground and no height; any other has both.
        if height is not None and floors is not None and (height == 0) != (floors == 0):
            self.add_error("building_height" if height == 0 else "floors", _(
                "A building with floors above ground has a height, and one with a height has floors above ground; "
                "give both as 0 only for a building wholly underground."))
        return data


def project_layout() -> Layout:
    """The project's fields, the key/livelihood flags in a fieldset of their own after the building's."""
    return Layout(
        "project_name", "project_address", "building_area", "building_height", "floors", "use",
        Fieldset(_("Key or livelihood project?"), *PROJECT_FLAGS, css_class="border rounded px-3 pt-2 mb-3",
                 data_project_flags=""),
        "contact_name", "contact_phone", "description",
    )


class MaterialUploadForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("PDF, JPEG, PNG, Word or Excel; at most 20 MB."))


MATTER_CHOICES_KEY = "approvals:matter-choices"


def active_matter_choices() -> list[tuple[str, str]]:
    """(code, name) of the open matters, kept in the shared cache until a matter changes
    (``forget_matter_choices``, connected in approvals.apps)."""
    return cache.get_or_set(
        MATTER_CHOICES_KEY, lambda: list(Matter.objects.filter(is_active=True).values_list("code", "name")),
        timeout=None)


def forget_matter_choices(**_signal: Any) -> None:
    """Drop the kept choices (every web server reads the same cache, so every one sees the change at
    once), and again when the transaction commits: a page read in between may have kept the old ones."""
    cache.delete(MATTER_CHOICES_KEY)
    transaction.on_commit(lambda: cache.delete(MATTER_CHOICES_KEY))
