"""Reading security events for the screens."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from firesvc.security.models import TYPED_NAME_KINDS, SecurityEvent


def name_typed_accounts(events: list[SecurityEvent]) -> list[SecurityEvent]:
    """Tie the failed sign-ins and lockouts recorded without an account (before they were tied when
    recorded) to the account that has the login name typed, if one has, so that they name its holder.
    One query; returns ``events``."""
    typed = {e.username for e in events if e.user_id is None and e.username and e.kind in TYPED_NAME_KINDS}
    if not typed:
        return events
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    accounts = {getattr(u, field): u for u in user_model._default_manager.filter(**{f"{field}__in": typed})}
    for event in events:
        if event.user_id is None and event.kind in TYPED_NAME_KINDS:
            event.typed_account = accounts.get(event.username)
    return events
