"""Choices and fields the feedback forms share: people and units by their full names, 1–5 scores."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

SCORES = [(str(n), str(n)) for n in range(5, 0, -1)]
SCORES_OPTIONAL = [("", "—"), *SCORES]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username



class FieldsOnlyMixin:
    """For a form its template wraps in its own ``<form>`` with its button: ``{% crispy form %}`` then renders
    the fields only (crispy's default helper would open a second ``<form>`` inside the page's, leaving the
    button outside the form that is sent)."""

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the template's form carries the token
        return helper
