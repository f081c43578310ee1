"""The enterprise picker: a select that searches as you type instead of listing thousands of enterprises.

The page carries only the chosen enterprise's option; ``static/js/enterprise_picker.js`` turns the select into a
Tom Select box that asks ``enterprises:choices`` for enterprises by partial name or credit code. Without script
the box beside it takes a credit code. The field's queryset is the picker's scope (``enterprises_pickable``), so a
posted id outside it is an ordinary "not one of the choices" error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from enterprises.selectors.pickers import PickerScope, enterprises_pickable

CODE_SUFFIX = "_code"
PICKER_CSS = {"all": ["vendor/tom-select/tom-select.bootstrap5.min.css"]}
PICKER_JS = ["vendor/tom-select/tom-select.complete.min.js", "js/enterprise_picker.js"]


class CreditCode(str):
    """A credit code typed instead of a pick (no script): the field looks it up within its scope."""


class EnterprisePickerWidget(forms.Select):
    """A select holding only its chosen option, with the search address for the script."""

    template_name = "enterprises/widgets/enterprise_picker.html"

    class Media:
        css = PICKER_CSS
        js = PICKER_JS

    def __init__(self, *, scope: PickerScope = "visible", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.scope = scope

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.update(picker_attrs(self.scope))
        context["widget"]["code_name"] = name + CODE_SUFFIX
        # A credit code typed without script comes back in its box when the form is shown again.
        context["widget"]["code_value"] = value if isinstance(value, CreditCode) else ""
        return context

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        """The empty choice and the chosen enterprise only: one query for one row, not the whole scope."""
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if str(v).isdigit()]
        field = iterator.field
        self.choices = [("", field.empty_label or "")] + [
            (field.prepare_value(e), field.label_from_instance(e)) for e in queryset.filter(pk__in=chosen)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        """The picked id, or else the credit code typed in the box shown without script."""
        picked = data.get(name)
        if picked:
            return picked
        code = (data.get(name + CODE_SUFFIX) or "").strip()
        return CreditCode(code) if code else picked

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + CODE_SUFFIX not in data


class EnterpriseChoiceField(forms.ModelChoiceField):
    """An enterprise picked by searching; ``scope_to(user)`` sets the choices before the form is used."""

    default_error_messages = {
        "invalid_choice": _("Pick an enterprise from the search results: this one is not among the enterprises "
                            "you may act on."),
    }

    def __init__(self, *, scope: PickerScope = "visible", **kwargs: Any) -> None:
        kwargs.setdefault("widget", EnterprisePickerWidget(scope=scope))
        super().__init__(queryset=Enterprise.objects.none(), **kwargs)
        self.scope = scope

    def scope_to(self, user: Any) -> None:
        self.queryset = enterprises_pickable(user=user, scope=self.scope).order_by("name", "pk")

    def label_from_instance(self, obj: Any) -> str:
        return enterprise_label(obj)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, CreditCode):
            found = self.queryset.filter(uscc=value.upper()).first()
            if found is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return found
        return super().to_python(value)


def picker_attrs(scope: PickerScope) -> dict[str, str]:
    """The attributes that make a select an enterprise picker for ``static/js/enterprise_picker.js``."""
    return {
        "data-enterprise-picker": f"{reverse('enterprises:choices')}?{urlencode({'scope': scope})}",
        "data-placeholder": str(_("Type part of the name or the credit code")),
        "data-no-results": str(_("No enterprise of yours matches.")),
        "data-loading": str(_("Searching…")),
        "data-clear": str(_("Clear the chosen enterprise")),
    }


def enterprise_label(enterprise: Enterprise) -> str:
    """What a person reads for an enterprise in a picker: its name and credit code."""
    return f"{enterprise.name} · {enterprise.uscc}"
