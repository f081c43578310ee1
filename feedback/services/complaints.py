"""Complaints and integrity reports (投诉、廉政举报, DOMAIN.md B5).

Opened from a receipt, a return visit, the hotline (staff), online (anyone) or a supervisor's
review; assigned to an investigator (a discipline supervisor); answered within the clock
``complaint.answer_rating`` (bad rating) or ``complaint.answer``; closed only by a supervisor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.enums import COMPLAINT_TRANSITIONS, ComplaintKind, ComplaintSource, ComplaintStatus
from feedback.models import Complaint, EnforcementAct, Receipt, ReturnVisit
from feedback.selectors.complaints import investigator_candidates
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.accounts.selectors import administrators
from firesvc.audit.services import audit_record
from firesvc.core.numbering import next_number
from firesvc.core.phones import is_reachable_phone
from firesvc.core.transitions import Workflow, transition
from firesvc.documents import absolute_url
from firesvc.notifications.enums import Channel
from firesvc.notifications.models import Notification
from firesvc.notifications.services import NotificationRequest, notify, notify_address, notify_many
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop, clocks_assign

RULE_BAD_RATING = "complaint.answer_rating"
RULE_COMPLAINT = "complaint.answer"
REPLY_KIND = "complaint_reply"
_MOBILE = re.compile(r"1[3-9]\d{9}")


def contact_route(contact: str) -> tuple[str, str] | None:
    """The (channel, address) a complainant's free-text contact allows: a mainland mobile number gets a
    text message, an e-mail address an e-mail; anything else (a landline, a name) none — staff call back."""
    compact = re.sub(r"[\s\-()（）]", "", contact or "")
    compact = re.sub(r"^(\+86|0086|86)(?=1\d{10}$)", "", compact)
    if _MOBILE.fullmatch(compact):
        return Channel.SMS.value, compact
    try:
        validate_email(compact)
    except ValidationError:
        return None
    return Channel.EMAIL.value, compact


# Where the complainant's contact is typed on the complaint form itself (the others copy one given elsewhere).
TYPED_CONTACT_SOURCES = (ComplaintSource.HOTLINE, ComplaintSource.ONLINE)


def complaint_contact_check(contact: str) -> None:
    """Refuse a contact the reply cannot reach: it may be left empty, else a mobile or landline number
    (``firesvc.core.phones``) or an e-mail address (``contact_route`` sends the reply to either)."""
    contact = (contact or "").strip()
    if contact and not is_reachable_phone(contact) and contact_route(contact) is None:
        raise ValidationError({"complainant_contact": _(
            "Enter a phone number we can reach you at: an 11-digit mobile number such as 13812345678, a landline "
            "number with its area code such as 024-23456789, or an e-mail address.")})


def _reply_key(complaint: Complaint) -> str:
    return f"complaint:{complaint.pk}:reply:"


def _reply_send(complaint: Complaint) -> Notification | None:
    """Send the reply to the complainant's phone or e-mail, if they left one (in the caller's transaction)."""
    route = contact_route(complaint.complainant_contact)
    if route is None:
        return None
    channel, address = route
    link = absolute_url(complaint.public_path())
    body = "\n".join([
        Truncator(complaint.reply).chars(160),
        _("Full reply, and your rating of it: %(link)s") % {"link": link},
    ])
    return notify_address(
        channel=channel, address=address, kind=REPLY_KIND, body=body, url=complaint.public_path(),
        title=(_("Reply to your integrity report %(n)s") if complaint.is_integrity
               else _("Reply to your complaint %(n)s")) % {"n": complaint.number},
        dedupe_key=f"{_reply_key(complaint)}{int(complaint.replied_at.timestamp() * 1000)}",
    )


def reply_messages(complaint: Complaint) -> list[Notification]:
    """The replies sent to the complainant's phone or e-mail, newest first, with their deliveries."""
    return list(Notification.objects.filter(recipient__isnull=True, dedupe_key__startswith=_reply_key(complaint))
                .prefetch_related("deliveries").order_by("-created_at"))


COMPLAINT_FLOW = Workflow(
    transitions=COMPLAINT_TRANSITIONS,
    refused=gettext_lazy("This complaint is %(status)s; that step is not possible now."),
    unit=lambda complaint: complaint.unit,
    action_prefix="complaint",
)


def _assigned_words(complaint: Complaint) -> tuple[str, str]:
    """The investigator's notification (title, body), in the words of the kind (投诉 or 廉政举报)."""
    if complaint.is_integrity:
        return (_("Integrity report %(n)s to investigate") % {"n": complaint.number},
                _("A new integrity report has been assigned to you."))
    return (_("Complaint %(n)s to investigate") % {"n": complaint.number},
            _("A new complaint has been assigned to you."))


def _visible(complaint: Complaint, user: Any) -> bool:
    return Complaint.objects.visible_to(user).filter(pk=complaint.pk).exists()


def _is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.SUPERVISOR))


def default_investigator(*, unit: OrgUnit, kind: str, exclude: Sequence[Any] = ()) -> User | None:
    """The nearest discipline supervisor at or above ``unit``; for an integrity report strictly above it
    (the detachment's 纪委 for a brigade), climbing further while a level has none. ``None``: nobody
    above, the administrators are told (``complaint_open``)."""
    lineage = [*unit.ancestor_ids()] + ([] if kind == ComplaintKind.INTEGRITY else [unit.pk])
    excluded = [u.pk for u in exclude]
    candidates = (User.objects.filter(is_active=True, unit_id__in=lineage, groups__name=Role.SUPERVISOR)
                  .exclude(pk__in=excluded).select_related("unit").distinct())
    return max(candidates, key=lambda u: (len(u.unit.path), -u.pk), default=None)


def _tell_administrators(complaint: Complaint) -> None:
    """No discipline supervisor may take the complaint: the administrators must give its chain one.

    The message names the number and the unit only: administrators do not read integrity reports."""
    notify_many([NotificationRequest(
        recipient=admin, kind="complaint_unassigned",
        title=_("No investigator for complaint %(n)s") % {"n": complaint.number},
        body=_("No active discipline supervisor can take %(kind)s %(n)s about %(unit)s. Give a unit above it a "
               "discipline supervisor, who will then find it in the complaints list.") % {
            "kind": complaint.get_kind_display(), "n": complaint.number, "unit": complaint.unit.full_name},
        url=reverse("admin:accounts_user_changelist"), dedupe_key=f"complaint:{complaint.pk}:unassigned:{admin.pk}",
        channels=["email", "sms"]) for admin in administrators()])


@transaction.atomic
def complaint_open(
    *, kind: str, source: str, unit: OrgUnit, text: str, actor: Any, act: EnforcementAct | None = None,
    receipt: Receipt | None = None, visit: ReturnVisit | None = None, subject_officers: Sequence[Any] = (),
    complainant_name: str = "", complainant_contact: str = "", bad_rating: bool = False,
    at: datetime | None = None,
) -> Complaint:
    """Open a complaint, start its answer clock and assign the default investigator.

    Side effects: ``complaint.open`` audit event; clock ``complaint.answer_rating`` (``bad_rating``)
    or ``complaint.answer``; a notification to the investigator.
    """
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": _("Choose complaint or integrity report.")})
    if source not in ComplaintSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if not text.strip():
        raise ValidationError({"text": _("Describe what happened.")})
    if source in TYPED_CONTACT_SOURCES:
        complaint_contact_check(complainant_contact)
    at = at or timezone.now()
    year = timezone.localtime(at).year
    complaint = Complaint.objects.create(
        number=f"TS{year}-{next_number(f'feedback.complaint:{year}'):06d}", kind=kind, source=source, unit=unit,
        act=act, receipt=receipt, visit=visit, text=text.strip(), complainant_name=complainant_name.strip(),
        complainant_contact=complainant_contact.strip(), created_at=at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    complaint.subject_officers.set(subject_officers)
    complaint.investigator = default_investigator(unit=unit, kind=kind, exclude=subject_officers)
    complaint.save(update_fields=["investigator"])
    audit_record(actor=actor, obj=complaint, action="complaint.open", to_state=complaint.status, unit=unit,
                 data={"kind": kind, "source": source, "receipt": receipt.pk if receipt else None,
                       "visit": visit.pk if visit else None, "investigator": complaint.investigator_id})
    clock_start(owner=complaint, rule_code=RULE_BAD_RATING if bad_rating else RULE_COMPLAINT, unit=unit,
                actor=actor, started_at=at, assignee=complaint.investigator)
    if complaint.investigator is not None:
        title, body = _assigned_words(complaint)
        notify(recipient=complaint.investigator, kind="complaint", title=title, body=body,
               url=complaint.get_absolute_url(),
               dedupe_key=f"complaint:{complaint.pk}:assign:{complaint.investigator.pk}")
    else:
        _tell_administrators(complaint)
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("unit").get(pk=complaint.pk)


@transaction.atomic
def complaint_assign(*, complaint: Complaint, investigator: User, actor: Any) -> Complaint:
    """A supervisor hands the complaint to another investigator (a supervisor who may see it)."""
    if not _is_supervisor(actor) or not _visible(complaint, actor):
        raise PermissionDenied(_("Only a discipline supervisor can assign complaints."))
    if not investigator_candidates(complaint).filter(pk=investigator.pk).exists():
        raise ValidationError({"investigator": _("The investigator must be a discipline supervisor who may see "
                                                 "this complaint.")})
    complaint = _locked(complaint)
    if complaint.status == ComplaintStatus.CLOSED:
        raise ValidationError(_("This complaint is closed."))
    previous = complaint.investigator_id
    complaint.investigator = investigator
    complaint.save(update_fields=["investigator"])
    clocks_assign(owner=complaint, assignee=investigator)
    audit_record(actor=actor, obj=complaint, action="complaint.assign", unit=complaint.unit,
                 data={"from": previous, "to": investigator.pk})
    title, body = _assigned_words(complaint)
    notify(recipient=investigator, kind="complaint", title=title, body=body,
           url=complaint.get_absolute_url(), dedupe_key=f"complaint:{complaint.pk}:assign:{investigator.pk}:{previous}")
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint: Complaint, actor: Any, findings: str, reply: str, rectification: str = "",
    at: datetime | None = None,
) -> Complaint:
    """The investigator's findings and reply to the complainant; stops the answer clock.

    The reply is shown on the complainant's tracking page (the link given when the complaint was made).
    """
    if not _visible(complaint, actor) or not (_is_supervisor(actor) or complaint.investigator_id == actor.pk):
        raise PermissionDenied(_("Only the investigator or a discipline supervisor can answer."))
    errors = {}
    if not findings.strip():
        errors["findings"] = _("Write the findings.")
    if not reply.strip():
        errors["reply"] = _("Write the reply to the complainant.")
    if errors:
        raise ValidationError(errors)
    complaint = _locked(complaint)
    at = at or timezone.now()
    complaint.findings, complaint.rectification = findings.strip(), rectification.strip()
    complaint.reply, complaint.replied_at, complaint.replied_by = reply.strip(), at, actor
    message = _reply_send(complaint)
    transition(workflow=COMPLAINT_FLOW, obj=complaint, to=ComplaintStatus.ANSWERED, actor=actor,
               data={"reply_sent_by": message.deliveries.get().channel if message else ""})
    clock = Clock.objects.for_owner(complaint).exclude(status=ClockStatus.STOPPED).first()
    if clock is not None:
        clock_stop(clock=clock, actor=actor, outcome="answered", at=max(at, clock.started_at))
    return complaint


# The answer is reviewed by a supervisor other than the one who investigated or wrote it.
OWN_ANSWER = gettext_lazy("You investigated or answered this one: another discipline supervisor reviews the answer, "
                          "closes it or sends it back.")


@transaction.atomic
def complaint_send_back(*, complaint: Complaint, actor: Any, reason: str) -> Complaint:
    """A supervisor finds the answer insufficient and returns the complaint to investigation."""
    if not _is_supervisor(actor) or not _visible(complaint, actor):
        raise PermissionDenied(_("Only a discipline supervisor can send a complaint back."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is missing.")})
    complaint = _locked(complaint)
    if complaint.answered_by(actor):
        raise PermissionDenied(OWN_ANSWER)
    transition(workflow=COMPLAINT_FLOW, obj=complaint, to=ComplaintStatus.OPEN, actor=actor, reason=reason.strip())
    # The answer clock starts again, in full, under the same rule: the complainant is owed a proper answer.
    last = Clock.objects.for_owner(complaint).select_related("rule").order_by("-started_at", "-pk").first()
    clock_start(owner=complaint, rule_code=last.rule.code if last else RULE_COMPLAINT, unit=complaint.unit,
                actor=actor, assignee=complaint.investigator, purpose="complaint.answer_again")
    if complaint.investigator is not None:
        sent_back = (_("Integrity report %(n)s sent back") if complaint.is_integrity
                     else _("Complaint %(n)s sent back"))
        notify(recipient=complaint.investigator, kind="complaint", title=sent_back % {
            "n": complaint.number}, body=reason.strip(), url=complaint.get_absolute_url(),
            dedupe_key=f"complaint:{complaint.pk}:sent_back:{Clock.objects.for_owner(complaint).count()}")
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, actor: Any, note: str = "", at: datetime | None = None) -> Complaint:
    """Close an answered complaint. Only a discipline supervisor may."""
    if not _is_supervisor(actor) or not _visible(complaint, actor):
        raise PermissionDenied(_("Only a discipline supervisor can close a complaint."))
    complaint = _locked(complaint)
    if complaint.answered_by(actor):
        raise PermissionDenied(OWN_ANSWER)
    complaint.closed_at, complaint.closed_by = at or timezone.now(), actor
    transition(workflow=COMPLAINT_FLOW, obj=complaint, to=ComplaintStatus.CLOSED, actor=actor, reason=note.strip())
    return complaint


@transaction.atomic
def complaint_rate_reply(*, complaint: Complaint, rating: int, comment: str = "") -> Complaint:
    """The complainant rates the reply, once, from the tracking page."""
    complaint = _locked(complaint)
    if complaint.status == ComplaintStatus.OPEN or not complaint.reply:
        raise ValidationError(_("There is no reply to rate yet."))
    if complaint.reply_rating is not None:
        raise ValidationError(_("You have already rated this reply."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Ratings go from 1 to 5.")})
    complaint.reply_rating, complaint.reply_rating_comment = int(rating), comment.strip()
    complaint.save(update_fields=["reply_rating", "reply_rating_comment"])
    audit_record(actor=None, obj=complaint, action="complaint.rate_reply", unit=complaint.unit,
                 data={"rating": int(rating)})
    return complaint


def complaint_for_token(*, pk: int, token: str) -> Complaint | None:
    import secrets

    complaint = Complaint.objects.filter(pk=pk).first()
    if complaint is None or not secrets.compare_digest(complaint.token.encode(), str(token).encode()):
        return None
    return complaint
