"""How people appear on screens: ``{{ user|person }}`` gives the full name, never the login name."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """The display name of a user (``User.display_name``); "the system" for an act without a person."""
    if user is None or not getattr(user, "pk", None):
        return _("The system")
    return str(getattr(user, "display_name", "") or _("Portal user"))
