"""Forms of enterprise forums (E4). They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from enterprises.forms.parsing import DATE, enterprise_by_uscc, text_lines
from enterprises.forms.pickers import PICKER_CSS, PICKER_JS, picker_attrs
from enterprises.models import Enterprise
from enterprises.services.forums import Attendee
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import scope_unit_ids


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ForumForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Host unit"), queryset=OrgUnit.objects.none())
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    topic = forms.CharField(label=pgettext_lazy("forum", "Topic"), max_length=200)
    attendees = forms.CharField(
        label=gettext_lazy("Attending enterprises"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One representative per line: credit code, name, position (optional), "
                               "separated by spaces or commas."))
    minutes = forms.CharField(label=gettext_lazy("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    class Media:  # the attendee finder above the list (issue 22)
        css = PICKER_CSS
        js = PICKER_JS

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.finder_attrs = picker_attrs("visible")
        ids = scope_unit_ids(user)
        units = OrgUnit.objects.filter(kind__in=["detachment", "brigade"]).order_by("path")
        self.fields["unit"].queryset = units if ids is None else units.filter(pk__in=ids)
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Record a forum after it has been held."))
        return value

    def clean_attendees(self) -> list[Attendee]:
        attendees, errors = [], []
        for number, line in enumerate(text_lines(self.cleaned_data["attendees"]), start=1):
            parts = [p for p in line.replace(",", " ").replace("，", " ").split() if p]
            if len(parts) < 2:
                errors.append(_("Line %(n)d: give the credit code and the representative's name.") % {"n": number})
                continue
            try:
                enterprise = enterprise_by_uscc(self.user, parts[0])
            except forms.ValidationError as exc:
                errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)})
                continue
            attendees.append(Attendee(enterprise, parts[1], " ".join(parts[2:])))
        if errors:
            raise forms.ValidationError(errors)
        if not attendees:
            raise forms.ValidationError(_("List at least one attending enterprise."))
        return attendees


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
