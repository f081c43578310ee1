"""Commands of 好差评: rate a stage of a case, follow a bad review up, invite to rate.

Every change writes its audit event in its transaction; the follow-up's status moves only through the
transition helper, and its two deadlines only through the SLA clock services.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import can_see_unit
from firesvc.audit.services import audit_record
from firesvc.core.transitions import Workflow, transition
from firesvc.reviews.enums import (
    BAD_LEVELS,
    CHANNEL_ITEMS,
    FOLLOW_UP_TRANSITIONS,
    INVITE_AFTER_DAYS,
    RULE_RECTIFY,
    RULE_VISIT,
    SCORES,
    Channel,
    FollowUpStatus,
    Level,
)
from firesvc.reviews.models import FollowUp, Invitation, Review
from firesvc.reviews.registry import CaseKind, kinds
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start, clock_stop

COMMENT_MAX = 1000
TEXT_MAX = 2000
# A window code (二维码) opens the rating page for this long.
WINDOW_TOKEN_MAX_AGE = timedelta(days=30)
_TOKEN_SALT = "firesvc.reviews.window"  # noqa: S105  (a signing salt, not a secret)
# The invitation sweep looks this far back (a case completed earlier was never invited: no flood of old cases
# when the feature is switched on).
INVITE_LOOKBACK_DAYS = 30
# Who follows bad reviews up: the discipline supervisors (回访), the unit's head (整改), administrators.
FOLLOW_UP_ROLES = (Role.SUPERVISOR, Role.APPROVER)

FOLLOW_UP_FLOW = Workflow(
    transitions=FOLLOW_UP_TRANSITIONS,
    refused={
        FollowUpStatus.RECTIFYING: gettext_lazy("The return visit has already been recorded."),
        FollowUpStatus.REPLIED: gettext_lazy("This follow-up is not being rectified: %(status)s."),
        FollowUpStatus.CLOSED: gettext_lazy("This follow-up is not waiting for a rating: %(status)s."),
    },
    unit=lambda f: f.unit,
    action_prefix="review_follow_up",
    writes=(),
)


# --- the window code -------------------------------------------------------------------------------------

def window_token(*, kind: CaseKind, case: models.Model, stage: str) -> str:
    """The signed token of the window code for ``stage`` of ``case``: whoever holds it may rate that stage once."""
    return signing.dumps({"k": kind.key, "p": case.pk, "s": stage}, salt=_TOKEN_SALT, compress=True)


def window_token_read(token: str) -> tuple[str, int, str]:
    """``(kind key, case pk, stage)`` of a window token; ``ValidationError`` if forged or expired."""
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=WINDOW_TOKEN_MAX_AGE)
        return str(data["k"]), int(data["p"]), str(data["s"])
    except signing.SignatureExpired as error:
        raise ValidationError(_("This rating code has expired. Ask the window for a new one.")) from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(_("This rating code is not valid.")) from error


# --- the rater's link --------------------------------------------------------------------------------------

_RATER_SALT = "firesvc.reviews.rater"


def rater_token(*, kind: CaseKind, case: models.Model, stage: str) -> str:
    """The signed token of the online rating link of ``stage`` of ``case`` for a rater without an account (a
    resident following their question by its tracking link): the owning app shows it only on the page that
    its own access (the tracking code) opens, so whoever holds it is the rater."""
    return signing.dumps({"k": kind.key, "p": case.pk, "s": stage}, salt=_RATER_SALT, compress=True)


def rater_token_read(token: str) -> tuple[str, int, str]:
    """``(kind key, case pk, stage)`` of a rater token; ``ValidationError`` if forged."""
    try:
        data = signing.loads(token, salt=_RATER_SALT)
        return str(data["k"]), int(data["p"]), str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(_("This rating code is not valid.")) from error


# --- rating ----------------------------------------------------------------------------------------------

def _owner_q(case: models.Model) -> dict[str, Any]:
    return {"owner_type": ContentType.objects.get_for_model(case), "owner_id": case.pk}


def stages_to_rate(*, kind: CaseKind, case: models.Model) -> list[str]:
    """The stages of ``case`` reached and not yet rated, in order."""
    rated = set(Review.objects.filter(parent__isnull=True, **_owner_q(case)).values_list("stage", flat=True))
    return [stage for stage, at in kind.stages(case).items() if at is not None and stage not in rated]


def may_rate_online(*, kind: CaseKind, case: models.Model, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if kind.rater_ids is not None:
        return user.pk in kind.rater_ids(case)
    return any(u.pk == user.pk for u in kind.raters(case) if u)


def _validate(*, channel: str, level: str, items: Iterable[str], comment: str,
              items_required: bool = True) -> list[str]:
    errors: dict[str, str] = {}
    items = list(dict.fromkeys(items))
    if level not in Level.values:
        errors["level"] = _("Choose one of the five levels.")
    allowed = CHANNEL_ITEMS.get(channel, ())
    if any(item not in allowed for item in items):
        errors["items"] = _("Choose items from the list.")
    elif level in BAD_LEVELS and not items and items_required:
        errors["items"] = _("Tick at least one item that was not good enough.")
    elif level in BAD_LEVELS and not items and not comment.strip() and not items_required:
        # A kind with its own rating flow asks no items: then the comment is all its reviewer goes by.
        errors["comment"] = _("Say what was not good enough.")
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Keep the comment under %(n)d characters.") % {"n": COMMENT_MAX}
    if errors:
        raise ValidationError(errors)
    return [item for item in allowed if item in items]  # in the standard's order


@transaction.atomic
def review_submit(*, kind: CaseKind, case: models.Model, stage: str, channel: str, level: str,
                  items: Iterable[str] = (), comment: str = "", rater: Any = None,
                  at: datetime | None = None, access_checked: bool = False) -> Review:
    """Rate ``stage`` of ``case`` (once: 一事一评 per stage).

    Online the rater must be one of the case's raters, or ``access_checked``: the owning app has
    checked the rater's access itself (an anonymous resident's tracking link); at the window (``rater``
    None) the caller has read a valid window token. Side effects: the ``review.submit`` audit event on the
    case; for 不满意 or worse a follow-up with its two clocks (``review_follow_up.open`` on the
    follow-up), unless the kind runs its own rating flow (``CaseKind.own_rating_flow``).
    """
    at = at or timezone.now()
    comment = (comment or "").strip()
    clean_items = _validate(channel=channel, level=level, items=items, comment=comment,
                            items_required=not kind.own_rating_flow)
    if (channel == Channel.ONLINE and not access_checked
            and not may_rate_online(kind=kind, case=case, user=rater)):
        raise PermissionDenied
    reached = kind.stages(case)
    if stage not in reached:
        raise ValidationError(_("This case is not rated at that stage."))
    if reached[stage] is None:
        raise ValidationError(_("This stage of the case has not been reached yet."))
    if Review.objects.filter(parent__isnull=True, stage=stage, **_owner_q(case)).exists():
        raise ValidationError(_("This stage of the case has already been rated."))
    handling = kind.handling(case, stage)
    review = Review(
        owner=case, kind=kind.key, case_label=Truncator(kind.title(case)).chars(250), stage=stage,
        channel=channel, level=level, score=SCORES[level], items=clean_items, comment=comment,
        rater=rater if getattr(rater, "is_authenticated", False) else None,
        unit_id=handling.unit_id, clerk=handling.clerk, window=handling.window[:20],
        matter_key=handling.matter_key[:40], matter_label=handling.matter_label[:200], created_at=at,
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:  # a second click or a race between the window and online
        raise ValidationError(_("This stage of the case has already been rated.")) from error
    audit_record(actor=rater, obj=case, action="review.submit", to_state=level, unit=review.unit,
                 data={"review": review.pk, "stage": stage, "channel": channel, "items": clean_items})
    if review.is_bad and not kind.own_rating_flow:
        _follow_up_open(review, at=at)
    return review


def _follow_up_open(review: Review, *, at: datetime) -> FollowUp:
    follow_up = FollowUp.objects.create(review=review, unit=review.unit, created_at=at)
    for rule in (RULE_VISIT, RULE_RECTIFY):
        clock_start(owner=follow_up, rule_code=rule, unit=review.unit, actor=None, started_at=at, purpose=rule)
    # On the review: the matrix tells the supervisors, with a link to the follow-up.
    audit_record(actor=None, obj=review, action="review_follow_up.open", to_state=follow_up.status,
                 unit=follow_up.unit, data={"follow_up": follow_up.pk, "level": review.level})
    return follow_up


# --- the follow-up of a bad review -----------------------------------------------------------------------

def may_follow_up(*, user: Any, follow_up: FollowUp) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_administrator or user.has_role(*FOLLOW_UP_ROLES)):
        return False
    return can_see_unit(user, follow_up.unit_id)


def _check(user: Any, follow_up: FollowUp) -> None:
    if not may_follow_up(user=user, follow_up=follow_up):
        raise PermissionDenied


def _locked(follow_up: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update().select_related("review").get(pk=follow_up.pk)


def _stop_clock(follow_up: FollowUp, rule: str, *, actor: Any, at: datetime, outcome: str) -> None:
    clock = (Clock.objects.for_owner(follow_up).filter(rule__code=rule).exclude(status=ClockStatus.STOPPED)
             .first())
    if clock is not None:
        clock_stop(clock=clock, actor=actor, outcome=outcome, at=at)


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: _("Keep it under %(n)d characters.") % {"n": TEXT_MAX}})
    return value


@transaction.atomic
def follow_up_visit(*, follow_up: FollowUp, actor: Any, note: str, at: datetime | None = None) -> FollowUp:
    """Record the return visit (回访) to the applicant. Side effects: the visit clock stops;
    ``review_follow_up.rectifying`` on the follow-up."""
    _check(actor, follow_up)
    note = _text(note, "note", _("Write down what the applicant said on the return visit."))
    at = at or timezone.now()
    follow_up = _locked(follow_up)
    transition(workflow=FOLLOW_UP_FLOW, obj=follow_up, to=FollowUpStatus.RECTIFYING, actor=actor,
               action="review_follow_up.visit", reason=note,
               fields={"visited_at": at, "visited_by": actor, "visit_note": note})
    _stop_clock(follow_up, RULE_VISIT, actor=actor, at=at, outcome="visited")
    return follow_up


@transaction.atomic
def follow_up_reply(*, follow_up: FollowUp, actor: Any, rectification: str, reply: str,
                    at: datetime | None = None) -> FollowUp:
    """Record the rectification (整改) and reply to the applicant, who may then rate once more (追评).
    Side effects: the rectification clock stops; ``review_follow_up.reply`` tells the applicant
    (notification matrix: inbox and SMS)."""
    _check(actor, follow_up)
    rectification = _text(rectification, "rectification", _("Describe what was rectified."))
    reply = _text(reply, "reply", _("Write the reply to the applicant."))
    at = at or timezone.now()
    follow_up = _locked(follow_up)
    transition(workflow=FOLLOW_UP_FLOW, obj=follow_up, to=FollowUpStatus.REPLIED, actor=actor,
               action="review_follow_up.reply", reason=reply,
               fields={"rectified_at": at, "rectification": rectification, "reply": reply, "replied_by": actor})
    _stop_clock(follow_up, RULE_RECTIFY, actor=actor, at=at, outcome="rectified")
    return follow_up


@transaction.atomic
def review_rate_again(*, kind: CaseKind, follow_up: FollowUp, level: str, items: Iterable[str] = (),
                      comment: str = "", rater: Any = None, channel: str | None = None,
                      at: datetime | None = None, access_checked: bool = False) -> Review:
    """The applicant's rating once more (追评) after the reply; closes the follow-up. Once only.

    Side effects: ``review.submit`` on the case (``again``) and ``review_follow_up.closed``."""
    at = at or timezone.now()
    follow_up = _locked(follow_up)
    first = follow_up.review
    channel = channel or first.channel
    comment = (comment or "").strip()
    clean_items = _validate(channel=channel, level=level, items=items, comment=comment)
    case = first.owner
    if (channel == Channel.ONLINE and not access_checked
            and not may_rate_online(kind=kind, case=case, user=rater)):
        raise PermissionDenied
    if follow_up.status != FollowUpStatus.REPLIED:
        raise ValidationError(_("You can rate once more after the unit has replied, and only once."))
    again = Review.objects.create(
        owner=case, kind=first.kind, case_label=first.case_label, stage=first.stage, channel=channel,
        level=level, score=SCORES[level], items=clean_items, comment=comment,
        rater=rater if getattr(rater, "is_authenticated", False) else None, unit=first.unit, clerk=first.clerk,
        window=first.window, matter_key=first.matter_key, matter_label=first.matter_label, parent=first,
        created_at=at)
    audit_record(actor=rater, obj=case, action="review.submit", to_state=level, unit=first.unit,
                 data={"review": again.pk, "stage": first.stage, "channel": channel, "again": True})
    transition(workflow=FOLLOW_UP_FLOW, obj=follow_up, to=FollowUpStatus.CLOSED, actor=rater,
               action="review_follow_up.closed", data={"level": level}, fields={"closed_at": at})
    return again


@transaction.atomic
def review_answered_by_owner(*, kind: CaseKind, case: models.Model, actor: Any, answer: str,
                             at: datetime | None = None) -> FollowUp | None:
    """A kind with its own rating flow (``CaseKind.own_rating_flow``) has answered the bad rating of ``case``
    itself: a hazard report's supervisor closed the reopened report with the review (督察复核), which the
    reporter is told. That review is the whole follow-up: the case looked at again with the person who rated
    it, the handling answered, the reply sent. Record it as a follow-up done at once (visited, rectified,
    replied and closed at ``at`` by ``actor``, with ``answer``), so that the figures, the statistics and the
    list of handled bad reviews count it; no clocks (the kind's own flow kept its deadlines).

    Once per rating: None when the case has no bad first rating or its follow-up exists already. Side effect:
    ``review_follow_up.answered`` on the follow-up."""
    if not kind.own_rating_flow:
        raise ValueError(f"review kind {kind.key!r} follows its bad ratings up in the reviews")
    at = at or timezone.now()
    answer = (answer or "").strip()
    review = (Review.objects.for_owner(case).first_ratings().filter(level__in=list(BAD_LEVELS))
              .select_for_update().order_by("-created_at", "-pk").first())
    if review is None or FollowUp.objects.filter(review=review).exists():
        return None
    follow_up = FollowUp.objects.create(
        review=review, unit=review.unit, status=FollowUpStatus.CLOSED, created_at=review.created_at,
        visited_at=at, visited_by=actor, visit_note=answer, rectified_at=at, rectification=answer,
        reply=answer, replied_by=actor, closed_at=at)
    audit_record(actor=actor, obj=follow_up, action="review_follow_up.answered", to_state=follow_up.status,
                 reason=answer, unit=follow_up.unit, data={"review": review.pk, "kind": kind.key})
    return follow_up


# --- the invitation --------------------------------------------------------------------------------------

def reviews_invite_due(*, now: datetime | None = None) -> int:
    """Invite the raters of every case completed more than 3 days ago without a rating of its completion
    stage (once per case: the ``Invitation`` row). Returns how many were invited; a second run invites no one.

    Side effects: per case an ``Invitation`` and its ``review.invite`` audit event, which the notification
    matrix turns into an inbox message and a text message to the raters.
    """
    now = now or timezone.now()
    until = now - timedelta(days=INVITE_AFTER_DAYS)
    since = until - timedelta(days=INVITE_LOOKBACK_DAYS)
    invited = 0
    for kind in kinds():
        cases = kind.completed_between(since, until)
        model = cases.model
        content_type = ContentType.objects.get_for_model(model)
        rated = Review.objects.filter(owner_type=content_type, parent__isnull=True).values("owner_id")
        done = Invitation.objects.filter(owner_type=content_type).values("owner_id")
        for case in cases.exclude(pk__in=rated).exclude(pk__in=done).order_by("pk").iterator(chunk_size=200):
            stage = kind.completion_stage(case)
            if Review.objects.filter(parent__isnull=True, stage=stage, **_owner_q(case)).exists():
                continue
            if _invite(kind, case, stage=stage, at=now):
                invited += 1
    return invited


def _invite(kind: CaseKind, case: models.Model, *, stage: str, at: datetime) -> bool:
    handling = kind.handling(case, stage)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                owner=case, kind=kind.key, case_label=Truncator(kind.title(case)).chars(250), stage=stage,
                unit_id=handling.unit_id, created_at=at)
            audit_record(actor=None, obj=invitation, action="review.invite", unit=invitation.unit,
                         data={"stage": stage})
    except IntegrityError:  # a concurrent sweep invited first
        return False
    return True
