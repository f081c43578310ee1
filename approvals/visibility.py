"""Which applications staff may see at all, whatever their scope: an enterprise's draft is its own until it is
submitted. Below ``models`` and ``models_review``, which both scope by it (``visible_to``)."""

from __future__ import annotations

from django.db.models import Q


def shown_to_staff_q(prefix: str = "") -> Q:
    """The applications staff may see at all: those sent to the window (submitted at least once) and the
    drafts a clerk files at the window on the enterprise's behalf (窗口代办, ``filed_by_clerk``). A draft the
    enterprise saves online stays its own until it is submitted, and so does one it withdraws unsubmitted.
    ``prefix``: the path to the application from another model (``"acceptance__"``)."""
    return Q(**{f"{prefix}submitted_at__isnull": False}) | Q(**{f"{prefix}filed_by_clerk__isnull": False})
