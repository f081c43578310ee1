"""The steps of ``manage.py seed_demo`` (DOMAIN.md C10), declared by each app in its ``demo_steps.py``.

A step is an idempotent function that creates or refreshes one part of the demo and returns a count or
nothing. ``order`` places it among the other apps' steps (people need units, cases need enterprises,
the figures come last), so that the kernel runs every app's demo without naming one (DESIGN.md rule 9).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

from firesvc.accounts.demo import seed_org_tree, seed_staff


@dataclass(frozen=True)
class DemoStep:
    order: int
    run: Callable[[], Any]

    @property
    def name(self) -> str:
        return f"{self.run.__module__}.{self.run.__qualname__}"


_STEPS: dict[str, DemoStep] = {}


def register(*steps: DemoStep) -> None:
    for step in steps:
        _STEPS[step.name] = step


def demo_steps() -> list[DemoStep]:
    """Every app's steps, in the order they run."""
    autodiscover_modules("demo_steps")
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


# The kernel's first steps: every other step needs the organisation tree and the demo users.
register(
    DemoStep(10, seed_org_tree),
    DemoStep(20, seed_staff),
)
