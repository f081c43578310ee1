"""The form of a window consultation (窗口咨询, A5)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.models import Consultation, Matter
from firesvc.core.submissions import FIELD, form_token


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["channel", "matter", "asker", "question", "answer", "resolved_first_contact", "forms_handed_out"]
        widgets = {"question": forms.Textarea(attrs={"rows": 2}), "answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.add_input(Hidden(FIELD, form_token(self.data)))  # a double click stores one record
        self.helper.add_input(Submit("submit", _("Record")))
