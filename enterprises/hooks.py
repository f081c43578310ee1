"""What other apps do when an enterprise changes: they register a hook here, so that this app, which
they build on, imports none of them (DESIGN.md rule 9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Called with the enterprise inside the transaction that renames it (and under its audit record):
# an app that keeps a copy of the name, such as the open cases' applicant, updates it.
RenameHook = Callable[[Any], Any]
_RENAME_HOOKS: dict[str, RenameHook] = {}


def on_enterprise_renamed(hook: RenameHook) -> RenameHook:
    """Register ``hook(enterprise)``; registering the same function again changes nothing."""
    _RENAME_HOOKS[f"{hook.__module__}.{hook.__qualname__}"] = hook
    return hook


def enterprise_renamed(enterprise: Any) -> None:
    """Run the rename hooks for ``enterprise`` (its new name saved)."""
    for _name, hook in sorted(_RENAME_HOOKS.items()):
        hook(enterprise)
