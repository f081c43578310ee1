"""Asking once more before an act that cannot be undone (issue 20 §5): withdraw, refuse intake, submit,
cancel a booking.

The act's form posts as before; the view asks ``confirmation_needed(request)`` and, while the
person has not confirmed, answers with ``confirmation_page``: what will happen, in sentences, and a
form that posts the same fields again with ``confirmed=1`` (or goes back). A plain page, so it
works without JavaScript; the services do not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"
# Never carried over: the CSRF token (the page writes a fresh one) and the answer itself.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}


@dataclass(frozen=True)
class Confirmation:
    """What the page says: a title, what will happen (one sentence a line), the act's button and the way back.

    ``items``: names the act concerns, as a numbered list under ``items_heading`` (names of materials hold
    "、" and "，" of their own, so they are never run together in a sentence). ``blocked``: the act cannot be
    done yet (the heading says why); the page offers only the way back."""

    title: str
    consequences: Sequence[str]
    confirm_label: str
    back_url: str
    details: Sequence[tuple[str, str]] = field(default_factory=tuple)
    items_heading: str = ""
    items: Sequence[str] = field(default_factory=tuple)
    blocked: bool = False


def confirmation_needed(request: HttpRequest) -> bool:
    """Whether a POST of an irreversible act still lacks the person's confirmation."""
    return request.method == "POST" and request.POST.get(CONFIRMED) != "1"


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The page that asks once more; its form posts the fields just sent, plus ``confirmed=1``, to the same URL."""
    carried = [(name, value) for name, values in request.POST.lists() if name not in _NOT_CARRIED
               for value in values]
    return render(request, "components/confirm.html", {
        "confirmation": confirmation, "carried": carried, "action_url": request.get_full_path(),
    })
