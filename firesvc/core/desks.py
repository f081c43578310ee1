"""The role desks (home pages): the panels on them and the roles whose home is an app's page, declared by
each app in its ``desks.py``.

The kernel knows the desks and their roles; what an app shows on them (its figures and short lists) is a
panel the app registers, so that the kernel reads no app's records itself (DESIGN.md rule 9). A role whose
whole job is one app's page (the enterprise user's enterprise, the duty officer's live list) lands there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A panel gets the signed-in user and the desk's role and returns the entries it adds to the desk's
# context, all within the user's scope ({} when it has nothing for that role).
DeskPanel = Callable[..., dict[str, Any]]

_PANELS: dict[str, DeskPanel] = {}


def register(panel: DeskPanel) -> DeskPanel:
    """Add ``panel`` (called as ``panel(user=..., role=...)``) to every desk; usable as a decorator."""
    _PANELS[f"{panel.__module__}.{panel.__qualname__}"] = panel
    return panel


def panels() -> list[DeskPanel]:
    """The registered panels, in a stable order (by their dotted name)."""
    return [panel for _name, panel in sorted(_PANELS.items())]


_LANDING: dict[str, str] = {}


def register_landing(role: str, url_name: str) -> None:
    """Send ``role``'s users to the page ``url_name`` (no arguments) instead of a desk after signing in."""
    existing = _LANDING.get(role)
    if existing is not None and existing != url_name:
        raise ValueError(f"role {role!r} already lands on {existing!r}")
    _LANDING[role] = url_name


def landing_for(role: str) -> str | None:
    """The URL name of the page ``role`` lands on, or None for its desk."""
    return _LANDING.get(role)
