"""Choices and fields the feedback forms share: people and units by their full names, 1–5 scores."""

from __future__ import annotations

from typing import Any

from django import forms

SCORES = [(str(n), str(n)) for n in range(5, 0, -1)]
SCORES_OPTIONAL = [("", "—"), *SCORES]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username

