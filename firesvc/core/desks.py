"""The panels of the role desks (home pages), declared by each app in its ``desks.py``.

The kernel knows the desks and their roles; what an app shows on them (its figures and short lists) is a
panel the app registers, so that the kernel reads no app's records itself (DESIGN.md rule 9).
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
