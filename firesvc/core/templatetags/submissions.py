"""``{% submission_token %}``: the one-time token of a create form (firesvc.core.submissions)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from firesvc.core.submissions import FIELD, form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context: dict[str, Any]) -> str:
    request = context.get("request")
    sent = request.POST if request is not None and request.method == "POST" else None
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, form_token(sent))
