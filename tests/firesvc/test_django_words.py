"""Django's own form messages read in plain Chinese (firesvc/core/django_words.py)."""

from __future__ import annotations

from django import forms
from django.utils import translation


class _Form(forms.Form):
    text = forms.CharField(max_length=5, min_length=2)


def _error(value: str) -> str:
    with translation.override("zh-hans"):
        form = _Form({"text": value})
        form.is_valid()
        return str(form.errors["text"][0])


def test_a_too_long_text_is_told_in_characters() -> None:
    assert _error("一二三四五六七") == "最多填写 5 个字，现在是 7 个字。"


def test_a_too_short_text_is_told_in_characters() -> None:
    assert _error("一") == "至少填写 2 个字，现在是 1 个字。"
