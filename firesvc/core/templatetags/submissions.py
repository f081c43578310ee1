"""``{% submission_token %}``: the one-time token of a create form (firesvc.core.submissions)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from firesvc.core.submissions import FIELD, form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context: dict[str, Any], form: Any = None) -> str:
    """A hidden field with a new token, or with the token the bound ``form`` (default: ``form`` in the
    context) was sent with. Never reads the request body itself: a view may have refused it unread."""
    form = form if form is not None else context.get("form")
    sent = form.data if getattr(form, "is_bound", False) else None
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, form_token(sent))
