"""The portal's sign-in backend: Django's ModelBackend, loading the user's unit with the user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    """Every staff page prints the user's unit in the bar and scopes by it: one query with the user
    instead of a second one on each request."""

    def get_user(self, user_id: Any) -> Any:
        from firesvc.accounts.models import User

        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
