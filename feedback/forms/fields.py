"""Choices and fields the feedback forms share: people and units by their full names, 1–5 scores."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from firesvc.reviews.enums import SCORES as LEVEL_SCORES
from firesvc.reviews.enums import Level

SCORES = [(str(n), str(n)) for n in range(5, 0, -1)]
SCORES_OPTIONAL = [("", "—"), *SCORES]
# 5 to 1 in the words of the 好差评 page (非常满意 … 非常不满意), for a rating a citizen gives in words.
SCORE_WORDS = [(str(LEVEL_SCORES[level]), label) for level, label in Level.choices]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name  # the name, never the login name



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
