"""Forms of the hazard report pages: they parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from feedback.hazard_reports.enums import DispatchTarget, HazardCategory, ReporterRating, VerificationOutcome
from feedback.hazard_reports.photos import MAX_PHOTOS
from feedback.hazard_reports.services.reporter import MOBILE_REFUSED, check_rating_comment, mobile_number
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit


class _UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class _CityField(_UnitField):
    """Cities by the city's name: a resident picks 朝阳市, not 朝阳市消防救援支队."""

    def label_from_instance(self, obj: Any) -> str:
        return city_name(obj)


class _SubdistrictField(_UnitField):
    """Sub-districts by name with their district beside it: two cities have a 北塔街道."""

    def label_from_instance(self, obj: Any) -> str:
        return subdistrict_label(obj)


def district_name(brigade: OrgUnit | None) -> str:
    """The district of a brigade as people say it: 皇姑区消防救援大队 → 皇姑区."""
    if brigade is None:
        return ""
    name = brigade.name
    for suffix in ("消防救援大队", "大队"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def city_name(detachment: OrgUnit) -> str:
    """The city of a detachment as people say it: 朝阳市消防救援支队 → 朝阳市."""
    name, suffix = detachment.name, "消防救援支队"
    return name[: -len(suffix)] if name.endswith(suffix) and len(name) > len(suffix) else name


def subdistrict_label(subdistrict: OrgUnit) -> str:
    """北塔街道（皇姑区）; the parent (brigade) should be loaded with ``select_related``."""
    district = district_name(subdistrict.parent)
    return _("%(name)s (%(district)s)") % {"name": subdistrict.name, "district": district} if district \
        else subdistrict.name


def subdistricts_of(city: OrgUnit | None) -> Any:
    """The sub-districts of a city (detachment), with their brigade, in tree order."""
    rows = OrgUnit.objects.filter(kind=UnitKind.SUBDISTRICT).select_related("parent").order_by("path")
    return rows.filter(path__startswith=city.path) if city is not None else rows


def cities() -> Any:
    return OrgUnit.objects.filter(kind=UnitKind.DETACHMENT).order_by("path")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content later (``photos.process_photo``)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


def _selected(form: forms.Form, name: str) -> str:
    value = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    value = getattr(value, "pk", value)
    return str(value) if value and str(value).isdigit() else ""


def account_contact(user: Any) -> tuple[str, str]:
    """The name and mobile number a signed-in user's report is sent under, from their account ("" for what the
    account lacks, and for a phone that is not a mainland mobile number: texts could not reach it)."""
    if not getattr(user, "is_authenticated", False):
        return "", ""
    return user.get_full_name()[:60], mobile_number(user.phone or "") or ""


class ReportForm(forms.Form):
    """The public report form (phone-first). ``website`` is a honeypot that people never see.

    The community and grid choices are the children of the chosen sub-district and community,
    so a form sent back with an error shows the choices that match what was typed.

    ``account``: the signed-in user (a grid manager on patrol). The name and phone their account holds are not
    asked again: those fields are left out and the account's values are the cleaned data. Anonymous residents
    get every field.
    """

    category = forms.ChoiceField(label=_("What did you see?"), choices=HazardCategory.choices,
                                 widget=forms.RadioSelect)
    city = _CityField(label=_("City"), queryset=OrgUnit.objects.none(), required=False,
                      empty_label=_("— choose the city —"))
    subdistrict = _SubdistrictField(label=_("Sub-district"), queryset=OrgUnit.objects.none(),
                                    empty_label=_("— choose —"))
    community = _UnitField(label=_("Community"), queryset=OrgUnit.objects.none(), empty_label=_("— choose —"))
    grid = _UnitField(label=_("Grid (if you know it)"), queryset=OrgUnit.objects.none(), required=False,
                      empty_label=_("— not sure —"))
    address = forms.CharField(label=_("Address or landmark"), max_length=200)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
                                   widget=forms.HiddenInput)
    description = forms.CharField(label=_("What is the hazard?"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    photos = MultipleFileField(label=_("Photos (up to 3)"), required=False,
                               widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=60, required=False)
    reporter_phone = forms.CharField(
        label=_("Mobile phone (optional, for the reply)"), max_length=20, required=False,
        help_text=_("We text you when the report is acknowledged, dispatched and closed."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args: Any, account: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_name, self.account_phone = account_contact(account)
        if self.account_name:
            del self.fields["reporter_name"]
        if self.account_phone:
            del self.fields["reporter_phone"]
        self.fields["city"].queryset = cities()
        first_two = list(self.fields["city"].queryset[:2])  # one query tells "one city" and which it is
        self.several_cities = len(first_two) > 1
        self._only_city = first_two[0] if len(first_two) == 1 else None
        self.city = self._city()
        if self.is_bound and self.city is not None and not _selected(self, "city"):
            # sent back without a city (no script, an old page): the select shows the city that was found
            self.data = self.data.copy()
            self.data[self.add_prefix("city")] = str(self.city.pk)
        if self.city is not None:
            self.fields["subdistrict"].queryset = subdistricts_of(self.city)
        elif self.is_bound:  # sent without a city (no script, an old page): any sub-district, checked as before
            self.fields["subdistrict"].queryset = subdistricts_of(None)
        else:  # the city comes first
            self.fields["subdistrict"].queryset = OrgUnit.objects.none()
            self.fields["subdistrict"].empty_label = _("— choose the city first —")
        sub, community = _selected(self, "subdistrict"), _selected(self, "community")
        self.fields["community"].queryset = (
            OrgUnit.objects.filter(kind=UnitKind.COMMUNITY, parent_id=sub) if sub else OrgUnit.objects.none())
        self.fields["grid"].queryset = (
            OrgUnit.objects.filter(kind=UnitKind.GRID, parent_id=community) if community else OrgUnit.objects.none())
        for name in ("city", "subdistrict", "community", "grid"):
            self.fields[name].widget.attrs["data-place-level"] = name
        # What the sub-district select says once script has filled it for a chosen city.
        self.fields["subdistrict"].widget.attrs["data-choose-label"] = _("— choose —")

    def _city(self) -> OrgUnit | None:
        """The chosen city; the only one when there is one; the city of the chosen sub-district."""
        chosen = _selected(self, "city")
        if chosen:
            return self.fields["city"].queryset.filter(pk=chosen).first()
        if not self.several_cities:
            return self._only_city
        sub = _selected(self, "subdistrict")
        unit = OrgUnit.objects.filter(pk=sub).first() if sub else None
        return unit.ancestor_of_kind(UnitKind.DETACHMENT) if unit is not None else None

    def clean_city(self) -> OrgUnit | None:
        return self.cleaned_data.get("city") or self.city

    @property
    def personal(self) -> bool:
        """Whether the form shows what the signed-in user's account holds (so it is never shared in a cache)."""
        return bool(self.account_name or self.account_phone)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def uploaded_photos(self) -> list[Any]:
        return self.files.getlist(self.add_prefix("photos")) if self.files else []

    def clean_reporter_phone(self) -> str:
        number = mobile_number(self.cleaned_data["reporter_phone"])
        if number is None:
            raise forms.ValidationError(MOBILE_REFUSED, code="invalid")
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if len(self.uploaded_photos()) > MAX_PHOTOS:
            self.add_error("photos", _("At most %(n)d photos.") % {"n": MAX_PHOTOS})
        if self.account_name:
            data["reporter_name"] = self.account_name
        if self.account_phone:
            data["reporter_phone"] = self.account_phone
        return data


_PLACE_LEVELS = {UnitKind.GRID: "grid", UnitKind.COMMUNITY: "community", UnitKind.SUBDISTRICT: "subdistrict",
                 UnitKind.DETACHMENT: "city"}


def initial_place(unit: OrgUnit | None) -> dict[str, Any]:
    """The form's place fields preselected from ``unit`` and the units above it (city to grid)."""
    if unit is None:
        return {}
    initial: dict[str, Any] = {}
    for level, field in _PLACE_LEVELS.items():
        found = unit.ancestor_of_kind(level)
        if found is not None:
            initial[field] = found.pk
    return initial


def initial_place_for(user: Any, query: Any = None) -> dict[str, Any]:
    """Where the form starts: the place of a link (the community's QR poster: ``?place=<community or grid>``,
    or ``?city=``), else the user's own unit (a grid manager's grid, a duty officer's sub-district, the
    city of a member of staff)."""
    query = query or {}
    for name in ("place", "city"):
        value = str(query.get(name, ""))
        if value.isdigit():
            unit = OrgUnit.objects.filter(pk=int(value)).first()
            if unit is not None:
                return initial_place(unit)
    unit = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
    return initial_place(unit)


class DispatchForm(forms.Form):
    target = forms.ChoiceField(label=_("Dispatch to"), choices=DispatchTarget.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Result"), choices=VerificationOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    reply = forms.CharField(label=_("Reply to the reporter"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(forms.Form):
    """The reporter's rating of a closed report, on its tracking page."""

    rating = forms.ChoiceField(label=_("How satisfied are you with the handling?"), choices=ReporterRating.choices,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label=pgettext_lazy("rating", "Comment"), max_length=500, required=False,
                              help_text=_("Required if you are dissatisfied: say what was not handled well."),
                              widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "rating" in data and "comment" in data:
            for field, message in check_rating_comment(rating=data["rating"], comment=data["comment"]).items():
                self.add_error(field, message)
        return data


class LookupForm(forms.Form):
    """Find a report by its tracking code (or the tracking link pasted whole)."""

    code = forms.CharField(label=_("Tracking code"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))

    def clean_code(self) -> str:
        text = self.cleaned_data["code"].strip().rstrip("/")
        return text.rsplit("/t/", 1)[-1].rsplit("/", 1)[-1]


class LinkForm(forms.Form):
    original = forms.IntegerField(label=_("Earlier report number"), min_value=1,
                                  widget=forms.NumberInput(attrs={"class": "form-control form-control-sm",
                                                                  "style": "max-width: 8rem"}))
