"""Forms of enterprise forums (E4). They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from enterprises.forms.parsing import DATE
from enterprises.forms.pickers import PICKER_CSS, PICKER_JS, EnterpriseChoiceField
from enterprises.models import Enterprise
from enterprises.services.forums import Attendee
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import scope_unit_ids


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AttendeeForm(forms.Form):
    """One representative at the forum: the enterprise, picked by searching its name, and who came for it."""

    # Not required one by one: a row left empty is skipped (the formset's extra rows); a row begun needs both.
    enterprise = EnterpriseChoiceField(label=gettext_lazy("Enterprise"), required=False)
    representative = forms.CharField(label=gettext_lazy("Representative's name"), max_length=60, required=False)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].scope_to(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "enterprise" in data and not data["enterprise"]:
            self.add_error("enterprise", _("Pick the enterprise this representative came for."))
        if not (data.get("representative") or "").strip():
            self.add_error("representative", _("Give the representative's name."))
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    """The attendee rows. A row left empty is skipped; a row partly filled says what it lacks next to the field.

    ``rows`` (an unbound formset only): what each row shows, one dict per row; the formset has that many rows.
    """

    def __init__(self, data: Any = None, *, user: Any, rows: list[dict[str, Any]] | None = None) -> None:
        self.rows = rows or []
        super().__init__(data, prefix="attendees", form_kwargs={"user": user})
        if rows is not None:
            self.extra = len(rows)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.rows):
            kwargs["initial"] = self.rows[index]
        return kwargs

    def typed(self) -> list[dict[str, Any]]:
        """What each row shows now (the bound values, not validated)."""
        return [{name: row[name].value() for name in row.fields} for row in self.forms]

    @property
    def attendees(self) -> list[Attendee]:
        """The filled rows, once the formset is valid."""
        return [Attendee(row.cleaned_data["enterprise"], row.cleaned_data["representative"],
                         row.cleaned_data.get("position", "")) for row in self.forms if row.cleaned_data]

    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.attendees:  # said at the first row's enterprise, where the clerk starts
            self.forms[0].add_error("enterprise", _("List at least one attending enterprise."))


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=3, max_num=200)
ADD_ROW = "add_row"  # the button asking for one more row without script (with it, rows are added in the page)


class ForumForm(forms.Form):
    """The forum and, in ``attendee_rows``, who attended: ``cleaned_data["attendees"]`` is a list of ``Attendee``."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Host unit"), queryset=OrgUnit.objects.none())
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    topic = forms.CharField(label=pgettext_lazy("forum", "Topic"), max_length=200)
    minutes = forms.CharField(label=gettext_lazy("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    class Media:  # the rows' enterprise pickers (issue 22) and the "add a row" button in the page
        css = PICKER_CSS
        js = [*PICKER_JS, "js/formset_rows.js"]

    def __init__(self, data: Any = None, *, user: Any, rows: list[dict[str, Any]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.user = user
        self.attendee_rows = AttendeeFormSet(data, user=user, rows=rows)
        ids = scope_unit_ids(user)
        units = OrgUnit.objects.filter(kind__in=["detachment", "brigade"]).order_by("path")
        self.fields["unit"].queryset = units if ids is None else units.filter(pk__in=ids)
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id

    def is_valid(self) -> bool:
        rows_valid = self.attendee_rows.is_valid()  # both, so that every error is shown at once
        return super().is_valid() and rows_valid

    def with_another_row(self) -> ForumForm:
        """The form again, unbound, showing what was typed and one more empty attendee row: the "add a row"
        button without script. Nothing is validated yet, so no error is shown."""
        return ForumForm(user=self.user, initial={name: self[name].value() for name in self.fields},
                         rows=[*self.attendee_rows.typed(), {}])

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Record a forum after it has been held."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.attendee_rows.is_valid():
            data["attendees"] = self.attendee_rows.attendees
        return data


class ForumSuggestionForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=gettext_lazy("Enterprise"), queryset=Enterprise.objects.none(),
                                        required=False, empty_label=gettext_lazy("— not from one enterprise —"))
    submitter_name = forms.CharField(label=gettext_lazy("Raised by"), max_length=60, required=False)
    content = forms.CharField(label=gettext_lazy("Suggestion"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, forum: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(forum_attendance__forum=forum).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("enterprise") and not (data.get("submitter_name") or "").strip():
            self.add_error("submitter_name", _("Say who raised it."))
        return data
