"""What the forms of visits (E3), forums (E4) and suggestions (E5) share: the date widget, text one item
per line, a service's refusal shown on a form."""

from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def add_service_error(form: forms.Form, exc: Exception) -> None:
    """Show a service's refusal on the form: on the field it names if the form has it, else on top."""
    error_dict = getattr(exc, "error_dict", None)
    if error_dict is None:
        form.add_error(None, list(getattr(exc, "messages", [str(exc)])))
        return
    for field, errors in error_dict.items():
        messages = [m for e in errors for m in e.messages]
        form.add_error(field if field in form.fields else None, messages)
