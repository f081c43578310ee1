"""Who is told of 好差评 events: the notification matrix rows of the reviews (docs/notifications.md).

The invitation (``review.invite``), the opening of a follow-up and the unit's reply are audit events
written by ``firesvc.reviews.services``; the matrix turns them into inbox and text messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.accounts.selectors import administrators
from firesvc.notifications.enums import Channel
from firesvc.notifications.matrix import Rule, Subject, register
from firesvc.notifications.unstaffed import nobody_in_chain_templates
from firesvc.reviews.models import FollowUp, Invitation
from firesvc.reviews.registry import kind

INVITATION = "reviews.invitation"
FOLLOW_UP = "reviews.followup"
REVIEW = "reviews.review"
SMS = Channel.SMS.value
RATER = "rater"
SUPERVISORS = "supervisors"
ADMINISTRATORS = "administrators"
KIND_INVITE = "review_invitation"
KIND_FOLLOW_UP = "review_follow_up"


def _case_raters(kind_key: str, case: Any) -> list[Any]:
    case_kind = kind(kind_key)
    if case_kind is None or case is None:
        return []
    return [u for u in case_kind.raters(case) if u is not None and u.is_active]


def _invited(event: Any, invitation: Invitation) -> Iterable[Any]:
    return _case_raters(invitation.kind, invitation.owner)


def _invitation_url(invitation: Invitation) -> str:
    case_kind = kind(invitation.kind)
    case = invitation.owner
    if case_kind is None or case is None:
        return ""
    return reverse("reviews:rate", args=[case_kind.key, case.pk, invitation.stage])


def _follow_up_rater(event: Any, follow_up: FollowUp) -> Iterable[Any]:
    review = follow_up.review
    if review.rater is not None:
        return [review.rater] if review.rater.is_active else []
    return _case_raters(review.kind, review.owner)


def _supervisors(event: Any, review: Any) -> Iterable[Any]:
    """The discipline supervisors of the unit rated and of the units above it."""
    units = [review.unit_id, *review.unit.ancestor_ids()]
    return list(get_user_model().objects.filter(unit_id__in=units, is_active=True, groups__name=Role.SUPERVISOR)
                .distinct().order_by("pk"))


def _administrators(event: Any, review: Any) -> Iterable[Any]:
    """The administrators, when no unit of the rated unit's chain has a discipline supervisor (else nobody):
    a bad review must never reach nobody."""
    return [] if _supervisors(event, review) else administrators()


def _follow_up_url(follow_up: FollowUp) -> str:
    return reverse("reviews:follow_up", args=[follow_up.pk])


def _rater_follow_up_url(follow_up: FollowUp) -> str:
    review = follow_up.review
    return reverse("reviews:rate", args=[review.kind, review.owner_id, review.stage])


register(
    Subject(model=INVITATION, recipients={RATER: _invited},
            context=lambda event, obj: {"case": obj.case_label}, url=_invitation_url,
            is_status_change=lambda event: False),
    [Rule(INVITATION, "review.invite", RATER, (SMS,), KIND_INVITE, _("Please rate how your case was handled"),
          _("%(case)s was completed three days ago. Tell us how it was handled: choose one of five levels, "
            "it takes a minute."))],
)


def _follow_up_context(event: Any, follow_up: FollowUp) -> dict[str, Any]:
    review = follow_up.review
    return {"case": review.case_label, "level": review.get_level_display(), "reply": follow_up.reply}


def _review_context(event: Any, review: Any) -> dict[str, Any]:
    return {**_follow_up_context(event, review.follow_up), "unit": review.unit.name, "unit_full": review.unit.full_name}


BAD_REVIEW_TITLE = _("Bad review: %(case)s")
BAD_REVIEW_BODY = _("Rated “%(level)s”. Visit the applicant within one working day and rectify within fifteen.")
NO_SUPERVISOR_TITLE, NO_SUPERVISOR_BODY = nobody_in_chain_templates(roles=[Role.SUPERVISOR], title=BAD_REVIEW_TITLE,
                                                                    body=BAD_REVIEW_BODY)

register(
    Subject(model=REVIEW, recipients={SUPERVISORS: _supervisors, ADMINISTRATORS: _administrators},
            context=_review_context, url=lambda obj: _follow_up_url(obj.follow_up),
            is_status_change=lambda event: False),
    [
        Rule(REVIEW, "review_follow_up.open", SUPERVISORS, (), KIND_FOLLOW_UP, BAD_REVIEW_TITLE, BAD_REVIEW_BODY),
        Rule(REVIEW, "review_follow_up.open", ADMINISTRATORS, (), KIND_FOLLOW_UP, NO_SUPERVISOR_TITLE,
             NO_SUPERVISOR_BODY),
    ],
)

register(
    Subject(model=FOLLOW_UP, recipients={RATER: _follow_up_rater},
            context=_follow_up_context, url=_rater_follow_up_url, is_status_change=lambda event: False),
    [
        Rule(FOLLOW_UP, "review_follow_up.reply", RATER, (SMS,), KIND_FOLLOW_UP,
             _("Reply to your rating of %(case)s"),
             _("%(reply)s You may rate the case once more.")),
    ],
)
