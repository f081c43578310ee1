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


# Called inside the transaction that records a visit, with the hazards found on it (each with a
# ``description`` and a ``severity``): the safety sub-app (E6) records them as hazards and returns them.
# A hook rather than an import, so that the visits (E3) do not import the safety sub-app, which builds on them.
HazardsFoundHook = Callable[..., list[Any]]
_HAZARDS_FOUND_HOOKS: dict[str, HazardsFoundHook] = {}


def on_visit_hazards_found(hook: HazardsFoundHook) -> HazardsFoundHook:
    """Register ``hook(actor=..., visit=..., hazards=...)``; registering the same function again changes nothing."""
    _HAZARDS_FOUND_HOOKS[f"{hook.__module__}.{hook.__qualname__}"] = hook
    return hook


def visit_hazards_found(*, actor: Any, visit: Any, hazards: list[Any]) -> list[Any] | None:
    """Record the hazards found on ``visit`` through the registered hooks; ``None``: no app records hazards."""
    if not _HAZARDS_FOUND_HOOKS:
        return None
    return [record for _name, hook in sorted(_HAZARDS_FOUND_HOOKS.items())
            for record in hook(actor=actor, visit=visit, hazards=hazards)]
