from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from firesvc.reviews.enums import CHANNEL_ITEMS, Item, Level
from firesvc.reviews.services import COMMENT_MAX, TEXT_MAX


class RatingForm(forms.Form):
    """Five levels, the channel's second-level items, a comment (the checks are the service's)."""

    level = forms.ChoiceField(label=_("How satisfied are you?"), choices=Level.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("Choose one of the five levels.")})
    items = forms.MultipleChoiceField(
        label=_("What was good, or for a bad rating what was not good enough?"), required=False,
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": _("Choose items from the list.")})
    comment = forms.CharField(label=_("Comment"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Item.choices)
        self.fields["items"].choices = [(item, labels[item]) for item in CHANNEL_ITEMS[channel]]


class VisitForm(forms.Form):
    note = forms.CharField(label=_("What the applicant said on the return visit"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write down what the applicant said on the return visit.")})


class ReplyForm(forms.Form):
    rectification = forms.CharField(label=_("What was rectified"), max_length=TEXT_MAX,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    error_messages={"required": _("Describe what was rectified.")})
    reply = forms.CharField(label=_("Reply to the applicant"), max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": _("Write the reply to the applicant.")})
