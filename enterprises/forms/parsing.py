"""What the forms of visits (E3), forums (E4) and suggestions (E5) share: the date widget, text one item
per line, an enterprise by its credit code, a service's refusal shown on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from enterprises.models import Enterprise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def enterprise_by_uscc(user: Any, uscc: str) -> Enterprise:
    enterprise = Enterprise.objects.visible_to(user).filter(uscc=uscc.strip().upper()).first()
    if enterprise is None:
        raise forms.ValidationError(_("No enterprise with the credit code %(uscc)s in your unit.")
                                    % {"uscc": uscc.strip()})
    return enterprise


def add_service_error(form: forms.Form, exc: Exception) -> None:
    """Show a service's refusal on the form: on the field it names if the form has it, else on top."""
    error_dict = getattr(exc, "error_dict", None)
    if error_dict is None:
        form.add_error(None, list(getattr(exc, "messages", [str(exc)])))
        return
    for field, errors in error_dict.items():
        messages = [m for e in errors for m in e.messages]
        form.add_error(field if field in form.fields else None, messages)
