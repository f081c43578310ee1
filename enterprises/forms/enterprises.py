from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.core.submissions import FIELD, form_token
from firesvc.identifiers import uscc_problem


class UsccField(forms.CharField):
    """A credit code field: upper-cased, stripped, checked against GB 32100-2015."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("min_length", 18)
        kwargs.setdefault("label", _("unified social credit code"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return (super().to_python(value) or "").strip().upper().replace(" ", "")

    def validate(self, value: str) -> None:
        super().validate(value)
        problem = uscc_problem(value) if value else None
        if problem:
            raise forms.ValidationError(problem, code="invalid_uscc")


class EnterpriseForm(forms.ModelForm):
    uscc = UsccField()

    class Meta:
        model = Enterprise
        fields = [
            "name", "uscc", "legal_representative", "contact_name", "contact_phone", "address",
            "brigade", "grid", "industry", "is_key_unit", "risk_tier",
        ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.visible_to(user)
        self.fields["brigade"].queryset = units.filter(kind=UnitKind.BRIGADE)
        self.fields["grid"].queryset = units.filter(kind=UnitKind.GRID)
        self.helper = FormHelper()
        self.helper.add_input(Hidden(FIELD, form_token(self.data)))  # a double click stores one record
        self.helper.add_input(Submit("submit", _("Save")))

    def validate_unique(self) -> None:
        # Uniqueness of the credit code is checked by the service, with a clear message.
        pass


class AccountDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EnterpriseSignupForm(forms.Form):
    """Sign-up for enterprise users (E2). Verified by staff before the account may file."""

    username = forms.RegexField(
        label=_("user name"), max_length=150, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @/./+/-/_ only.")},
    )
    full_name = forms.CharField(label=_("full name"), max_length=60)
    phone = forms.RegexField(label=_("mobile phone"), regex=r"^1\d{10}$",
                             error_messages={"invalid": _("Enter an 11-digit mobile number.")})
    email = forms.EmailField(label=_("e-mail"), required=False)
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("password again"), widget=forms.PasswordInput, strip=False)
    uscc = UsccField()
    position = forms.CharField(label=_("position"), max_length=60, required=False)
    enterprise_name = forms.CharField(label=_("enterprise name"), max_length=200, required=False,
                                      help_text=_("Only if the enterprise is not registered yet."))
    legal_representative = forms.CharField(label=_("legal representative"), max_length=60, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    brigade = forms.ModelChoiceField(label=_("brigade"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brigade"].queryset = OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("path")
        self.fields["brigade"].label_from_instance = lambda unit: unit.full_name
        self.helper = FormHelper()
        self.helper.add_input(Hidden(FIELD, form_token(self.data)))  # a double click stores one record
        self.helper.add_input(Submit("submit", _("Apply for an account")))

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"], User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        uscc = data.get("uscc")
        if uscc and not Enterprise.objects.filter(uscc=uscc).exists():
            for name in ("enterprise_name", "legal_representative", "address", "brigade"):
                if not data.get(name):
                    self.add_error(name, _("Required: no enterprise with this credit code is registered yet."))
        return data

    def enterprise_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["enterprise_name"], "legal_representative": data["legal_representative"],
            "contact_name": data["full_name"], "contact_phone": data["phone"], "address": data["address"],
            "brigade": data["brigade"],
        }
