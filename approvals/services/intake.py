"""Window intake (A4, A7): the rules of the clerk's material checklist, whatever form it came from.

The single intake page and the parallel case's joint intake parse their forms into
``IntakeLine`` rows and call these rules, so a track is checked the same way on either path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals.services.applications import NoticeItem

IN_ORDER, FAULTY, MISSING = "ok", "faulty", "missing"


@dataclass(frozen=True)
class IntakeLine:
    """The clerk's verdict on one required material of one track."""

    requirement_id: int
    name: str
    mandatory: bool
    uploaded: bool
    state: str = IN_ORDER
    problem: str = ""
    fix: str = ""


def intake_checklist(lines: Sequence[IntakeLine]) -> list[NoticeItem]:
    """The one-time notice's items of a checked list (the materials marked faulty or missing).

    Raises ``ValidationError`` with one message per wrong row: a faulty material without what is
    wrong with it; a mandatory material marked in order that was never uploaded.
    """
    errors: list[str] = []
    items: list[NoticeItem] = []
    for line in lines:
        problem = line.problem or (_("Not provided.") if line.state == MISSING else "")
        if line.state in (FAULTY, MISSING):
            if not problem:
                errors.append(_("Say what is wrong with %(name)s.") % {"name": line.name})
            items.append(NoticeItem(line.requirement_id, problem, line.fix))
        elif line.state == IN_ORDER and line.mandatory and not line.uploaded:
            errors.append(_("%(name)s is mandatory and was not provided: mark it missing.") % {"name": line.name})
    if errors:
        raise ValidationError(errors)
    return items


def intake_checklists(tracks: Mapping[int, Sequence[IntakeLine]]) -> dict[int, list[NoticeItem]]:
    """``intake_checklist`` for every track of a parallel case: the items by track (tracks with
    items only), or one ``ValidationError`` with the wrong rows of all tracks."""
    items: dict[int, list[NoticeItem]] = {}
    errors: list[str] = []
    for pk, lines in tracks.items():
        try:
            if track_items := intake_checklist(lines):
                items[pk] = track_items
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return items


def intake_check_acceptable(items: Sequence[NoticeItem], *, merged: bool = False) -> None:
    """Accepting is possible only when no material is marked faulty or missing."""
    if not items:
        return
    if merged:
        raise ValidationError(_("Some materials are marked faulty or missing: issue the one-time notice "
                                "instead of accepting."))
    raise ValidationError(_("Some materials are marked faulty or missing: issue a one-time notice "
                            "instead of accepting."))
