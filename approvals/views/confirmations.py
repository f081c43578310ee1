"""What the approvals' irreversible acts will do, said before they are done (issue 20 §5).

Each function returns the ``firesvc.core.confirm.Confirmation`` of one act; the views show it while
the person has not confirmed. Sign is confirmed on the approver's preview of the decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from approvals.enums import ApplicationStatus
from approvals.models import Application, Appointment, MaterialRequirement
from approvals.services.parallel_tracks import case_of_track
from approvals.status_words import application_status_label
from firesvc.core.confirm import Confirmation


def _case_details(application: Application) -> list[tuple[str, str]]:
    return [(_("Application"), application.number or _("(not yet numbered)")),
            (_("Matter"), application.matter.name), (_("Project"), application.project_name),
            (_("Status"), application_status_label(application))]


def withdraw_confirmation(application: Application, *, reason: str) -> Confirmation:
    lines = [_("The application is closed as withdrawn: the window and the reviewers stop working on it, and "
               "no decision is made on it.")]
    case = case_of_track(application)
    if case is not None:  # a track never ends alone: its whole parallel case is withdrawn
        lines.append(_("It is a track of parallel case %(number)s: both tracks are withdrawn.") % {
            "number": case.number})
    if application.status != ApplicationStatus.DRAFT:
        lines.append(_("Its time limits are no longer counted, and the brigade is told that you withdrew."))
    if reason.strip():
        lines.append(_("Your reason is recorded: %(reason)s") % {"reason": reason.strip()})
    lines.append(_("This cannot be undone: to go on later, you file a new application."))
    return Confirmation(title=_("Withdraw this application?"), consequences=lines,
                        confirm_label=_("Yes, withdraw the application"), back_url=application.get_absolute_url(),
                        details=_case_details(application))


def submit_confirmation(application: Application, *, without: Sequence[MaterialRequirement] = (),
                        outstanding: Sequence[str] = ()) -> Confirmation:
    """``without``: the mandatory materials a draft is knowingly sent without; ``outstanding``: the names of
    what the one-time notice lists and was not supplied yet (the supplement cannot be sent then, so the page
    lists them and offers only the way back)."""
    supplement = application.status == ApplicationStatus.DEFICIENT
    # After the one-time notice the window may only accept or refuse in writing: it asks for nothing more.
    lines = [_("The materials can no longer be changed once they are sent."),
             _("Within five working days the window accepts the application or refuses it with written reasons; "
               "you are told the outcome in your inbox.") if supplement else
             _("Within five working days the window accepts the application, or tells you in one notice everything "
               "to supplement, or refuses it with written reasons; you are told each step in your inbox.")]
    items_heading, items = "", [r.name for r in without]
    if without:
        items_heading = _("You send it without these materials; the window will list them in its one-time notice:")
    if outstanding:
        items_heading, items = _("Still to supplement: the one-time notice lists these and they are not "
                                 "uploaded yet. Upload them first; the supplement cannot be sent without them."), \
            list(outstanding)
    return Confirmation(
        title=_("Send the supplement to the window?") if supplement else _("Submit the application to the window?"),
        consequences=lines, confirm_label=_("Yes, send the supplement") if supplement else _("Yes, submit"),
        back_url=application.get_absolute_url(), details=_case_details(application),
        items_heading=items_heading, items=items, blocked=bool(outstanding))


def parallel_submit_confirmation(case: object, *, back_url: str) -> Confirmation:
    return Confirmation(
        title=_("Submit both tracks to the window?"),
        consequences=[_("The materials of both tracks can no longer be changed once they are sent."),
                      _("The window checks both tracks together within five working days: it accepts them, or tells "
                        "you in one notice everything to supplement; you are told each step in your inbox.")],
        confirm_label=_("Yes, submit both tracks"), back_url=back_url)


def refuse_confirmation(application: Application, *, reasons: str) -> Confirmation:
    return Confirmation(
        title=_("Refuse to accept this application?"),
        consequences=[_("A notice of non-acceptance (不予受理通知书) with these reasons is issued to the applicant: "
                        "%(reasons)s") % {"reasons": reasons.strip()},
                      _("The application is closed and its intake time limit stops; the applicant is told at once."),
                      _("This cannot be undone: the applicant would have to file again.")],
        confirm_label=_("Yes, do not accept"), back_url=reverse("approvals:intake", args=[application.pk]),
        details=_case_details(application))


def cancel_booking_confirmation(appointment: Appointment, *, back_url: str) -> Confirmation:
    slot = appointment.slot
    when = f"{formats.date_format(slot.date, 'DATE_FORMAT')} {slot.start:%H:%M}–{slot.end:%H:%M}"
    return Confirmation(
        title=_("Cancel this appointment?"),
        consequences=[_("The appointment on %(when)s at %(hall)s is cancelled and the time is given to others.") % {
                          "when": when, "hall": slot.unit.name},
                      _("This cannot be undone: to come at another time, book again, or move the appointment "
                        "instead of cancelling it.")],
        confirm_label=_("Yes, cancel the appointment"), back_url=back_url,
        details=[(_("When"), when), (_("Where"), slot.unit.name), (_("Name"), appointment.name)])
