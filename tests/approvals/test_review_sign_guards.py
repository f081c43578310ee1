"""Review → decision (A6): who may sign (审批分离) and signing while the decision clock is paused (A8)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals.enums import ApplicationStatus, ClockNoticeKind, DecisionOutcome, ReviewStatus
from approvals.forms.technical_review import AssignForm
from approvals.models import Application, ClockNotice, Decision, Review
from approvals.services.clocks import track_pause, track_resume
from approvals.services.intake import application_accept
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from firesvc.accounts.roles import Role
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.approvals.conftest import make_submitted, record_inspection, schedule_inspection
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(english):  # type: ignore[no-untyped-def]
    """Messages are matched in English (tests/approvals/conftest.py)."""


def _accepted(world: dict[str, Any]) -> Application:
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def accepted(approvals_world: dict[str, Any]) -> Application:
    return _accepted(approvals_world)


@pytest.fixture
def approver_reviewer(approvals_world: dict[str, Any]) -> Any:
    """An approver of the brigade who holds the reviewer role too."""
    return UserFactory(roles=[Role.APPROVER, Role.REVIEWER], unit=approvals_world["brigade"])


def _drafted(world: dict[str, Any], application: Application, *, drafter: Any = None) -> Decision:
    """Assigned to the world's reviewer, inspected, drafted (by ``drafter``, else by the reviewer)."""
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application)
    return decision_draft(actor=drafter or world["reviewer"], application=application,
                          outcome=DecisionOutcome.APPROVE)


def _pause(world: dict[str, Any], application: Application) -> None:
    track_pause(actor=world["reviewer"], application=application, reason="expert_review",
                note="采用特殊消防设计，组织专家评审", expected_until=timezone.localdate() + timedelta(days=15))


def _open_clock(application: Application) -> Clock:
    return Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED).get()


def _unchanged(application: Application) -> bool:
    """Still under review with its draft unsigned."""
    application = Application.objects.get(pk=application.pk)
    return (application.status == ApplicationStatus.ACCEPTED and not application.decision.is_signed
            and application.review.status == ReviewStatus.DRAFTED)


# --- assignment: the approver never reviews the case he signs ----------------------------------

def test_review_assign_to_the_assigning_approver_himself_is_refused(approvals_world, accepted):
    with pytest.raises(ValidationError, match="to yourself"):
        review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["approver"])
    assert not Review.objects.filter(application=accepted).exists()


def test_review_assign_to_himself_by_an_approver_who_is_also_a_reviewer_is_refused(approvals_world, accepted,
                                                                                    approver_reviewer):
    with pytest.raises(ValidationError, match="to yourself"):
        review_assign(actor=approver_reviewer, application=accepted, reviewer=approver_reviewer)


def test_review_assign_round_robin_skips_the_assigning_approver(approvals_world, accepted, approver_reviewer):
    earlier = _accepted(approvals_world)
    review_assign(actor=approvals_world["approver"], application=earlier, reviewer=approvals_world["reviewer"])
    review = review_assign(actor=approver_reviewer, application=accepted)  # next in turn would be himself
    assert review.reviewer == approvals_world["reviewer"]


def test_review_assign_of_another_approver_who_is_also_a_reviewer_is_allowed(approvals_world, accepted,
                                                                               approver_reviewer):
    review = review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approver_reviewer)
    assert review.reviewer == approver_reviewer


def test_assign_form_does_not_offer_the_assigning_approver(approvals_world, approver_reviewer):
    form = AssignForm(brigade_id=approvals_world["brigade"].pk, actor=approver_reviewer)
    offered = set(form.fields["reviewer"].queryset)
    assert approver_reviewer not in offered
    assert approvals_world["reviewer"] in offered


# --- signing: whoever drafted or reviewed the decision does not sign it --------------------------

def test_decision_sign_by_the_approver_who_drafted_it_is_refused(approvals_world, accepted):
    _drafted(approvals_world, accepted, drafter=approvals_world["approver"])  # the approver stepped in
    with pytest.raises(ValidationError, match="another approver signs it"):
        decision_sign(actor=approvals_world["approver"], application=accepted)
    assert _unchanged(accepted)


def test_decision_sign_by_the_approver_of_a_case_assigned_to_himself_is_refused(approvals_world, accepted):
    """The user test: the approver reviewed (a track assigned to himself before the rule), drafted, signed."""
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    Review.objects.filter(application=accepted).update(reviewer=approvals_world["approver"])
    record_inspection(approvals_world["approver"], accepted)
    decision_draft(actor=approvals_world["approver"], application=accepted, outcome=DecisionOutcome.APPROVE)
    with pytest.raises(ValidationError, match="another approver signs it"):
        decision_sign(actor=approvals_world["approver"], application=accepted)
    assert _unchanged(accepted)


def test_decision_sign_by_the_tracks_reviewer_is_refused_even_if_another_drafted(approvals_world, accepted,
                                                                                  approver_reviewer):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approver_reviewer)
    record_inspection(approver_reviewer, accepted)
    decision_draft(actor=approvals_world["approver"], application=accepted, outcome=DecisionOutcome.APPROVE)
    with pytest.raises(ValidationError, match="another approver signs it"):
        decision_sign(actor=approver_reviewer, application=accepted)
    assert _unchanged(accepted)


def test_decision_sign_by_another_approver_of_a_stand_in_draft_is_allowed(approvals_world, accepted):
    _drafted(approvals_world, accepted, drafter=approvals_world["approver"])
    other = staff(Role.APPROVER, approvals_world["brigade"])
    decision = decision_sign(actor=other, application=accepted)
    assert decision.signed_by == other
    assert decision.drafted_by == approvals_world["approver"]


def test_decision_sign_by_an_administrator_of_the_reviewers_draft_is_allowed(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    administrator = staff(Role.ADMINISTRATOR, approvals_world["brigade"])
    assert decision_sign(actor=administrator, application=accepted).signed_by == administrator


# --- the decision clock is paused (中止): restart it first ------------------------------------------

def test_decision_sign_while_the_clock_is_paused_is_refused_and_the_clock_stays_paused(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    _pause(approvals_world, accepted)
    with pytest.raises(ValidationError, match="restart the clock first"):
        decision_sign(actor=approvals_world["approver"], application=accepted)
    assert _open_clock(accepted).status == ClockStatus.PAUSED
    assert _unchanged(accepted)


def test_decision_sign_with_override_reason_while_the_clock_is_paused_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted, failed=("hydrants",))
    decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)
    _pause(approvals_world, accepted)
    with pytest.raises(ValidationError, match="restart the clock first"):
        decision_sign(actor=approvals_world["approver"], application=accepted, override_reason="已当场整改")
    assert _open_clock(accepted).status == ClockStatus.PAUSED


def test_decision_draft_while_the_clock_is_paused_is_refused(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted)
    _pause(approvals_world, accepted)
    with pytest.raises(ValidationError, match="restart the clock first"):
        decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)
    assert Review.objects.get(application=accepted).status == ReviewStatus.ASSIGNED
    assert not Decision.objects.filter(application=accepted).exists()


def test_decision_sign_after_the_clock_is_restarted_is_allowed(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    _pause(approvals_world, accepted)
    track_resume(actor=approvals_world["reviewer"], application=accepted)
    decision = decision_sign(actor=approvals_world["approver"], application=accepted)
    assert decision.is_signed
    assert ClockNotice.objects.filter(application=accepted, kind=ClockNoticeKind.RESUME).exists()


def test_signing_while_paused_is_refused_in_the_words_of_the_approval_time_limit(approvals_world, accepted):
    _drafted(approvals_world, accepted)
    _pause(approvals_world, accepted)
    with pytest.raises(ValidationError, match=r"^\['Approval time limit is paused \("):
        decision_sign(actor=approvals_world["approver"], application=accepted)


def test_drafting_while_paused_is_refused_in_the_words_of_the_approval_time_limit(approvals_world, accepted):
    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    record_inspection(approvals_world["reviewer"], accepted)
    _pause(approvals_world, accepted)
    with pytest.raises(ValidationError, match=r"^\['Approval time limit is paused \("):
        decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)


# --- pages: the refusal is a message on the sign page, and nothing changes ---------------------------

def test_sign_page_refuses_the_drafter_with_a_message_and_changes_nothing(client, approvals_world, accepted):
    _drafted(approvals_world, accepted, drafter=approvals_world["approver"])
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:decision_sign", args=[accepted.pk]), {"confirm": "on"})
    assert response.status_code == 200
    assert "another approver signs it" in response.content.decode()
    assert _unchanged(accepted)


def test_sign_page_while_the_clock_is_paused_shows_a_message_and_changes_nothing(client, approvals_world, accepted):
    _drafted(approvals_world, accepted)
    _pause(approvals_world, accepted)
    client.force_login(approvals_world["approver"])
    response = client.post(reverse("approvals:decision_sign", args=[accepted.pk]), {"confirm": "on"})
    assert response.status_code == 200
    assert "restart the clock first" in response.content.decode()
    assert _unchanged(accepted)
    assert _open_clock(accepted).status == ClockStatus.PAUSED


def test_sign_preview_tells_the_drafter_before_he_confirms(client, approvals_world, accepted):
    _drafted(approvals_world, accepted, drafter=approvals_world["approver"])
    client.force_login(approvals_world["approver"])
    page = client.get(reverse("approvals:decision_sign", args=[accepted.pk])).content.decode()
    assert "data-sign-refusals" in page
    assert "another approver signs it" in page


def test_assign_page_does_not_offer_the_approver_himself(client, approvals_world, accepted, approver_reviewer):
    client.force_login(approver_reviewer)
    page = client.get(reverse("approvals:review_assign", args=[accepted.pk])).content.decode()
    assert f'value="{approvals_world["reviewer"].pk}"' in page
    assert f'value="{approver_reviewer.pk}"' not in page


# --- where signing is offered ---------------------------------------------------------------------

def test_the_desk_does_not_offer_an_approver_the_draft_he_wrote(approvals_world, accepted):
    from approvals.selectors.technical_review import drafts_to_sign

    _drafted(approvals_world, accepted, drafter=approvals_world["approver"])
    second = UserFactory(roles=[Role.APPROVER], unit=approvals_world["brigade"])

    assert [r.application_id for r in drafts_to_sign(second)] == [accepted.pk]
    assert drafts_to_sign(approvals_world["approver"]) == []


def test_the_case_page_offers_signing_to_another_approver_only(client, approvals_world, accepted):
    _drafted(approvals_world, accepted, drafter=approvals_world["approver"])
    sign_url = reverse("approvals:decision_sign", args=[accepted.pk])
    page_url = reverse("approvals:application", args=[accepted.pk])

    client.force_login(approvals_world["approver"])
    assert sign_url not in client.get(page_url).content.decode()
    client.force_login(UserFactory(roles=[Role.APPROVER], unit=approvals_world["brigade"]))
    assert sign_url in client.get(page_url).content.decode()


# --- an inspection set for the wrong day is called off --------------------------------------------

def _scheduled(world: dict[str, Any], application: Application, *, days: int = 6) -> Any:
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    return schedule_inspection(world["reviewer"], application, days=days)


def test_a_future_inspection_called_off_lets_the_review_go_on(approvals_world, accepted):
    from approvals.models import SiteInspection
    from approvals.services.technical_review import inspection_cancel

    inspection = _scheduled(approvals_world, accepted)
    inspection_cancel(actor=approvals_world["reviewer"], inspection=inspection, reason="日期填错，改期")

    assert not SiteInspection.objects.filter(pk=inspection.pk).exists()
    record_inspection(approvals_world["reviewer"], accepted)  # today, instead
    assert decision_draft(actor=approvals_world["reviewer"], application=accepted, outcome=DecisionOutcome.APPROVE)


def test_calling_off_an_inspection_needs_a_reason(approvals_world, accepted):
    from approvals.services.technical_review import inspection_cancel

    inspection = _scheduled(approvals_world, accepted)
    with pytest.raises(ValidationError, match="Say why"):
        inspection_cancel(actor=approvals_world["reviewer"], inspection=inspection, reason="  ")


def test_a_recorded_inspection_cannot_be_called_off(approvals_world, accepted):
    from approvals.services.technical_review import inspection_cancel

    review_assign(actor=approvals_world["approver"], application=accepted, reviewer=approvals_world["reviewer"])
    inspection = record_inspection(approvals_world["reviewer"], accepted)
    with pytest.raises(ValidationError, match="recorded"):
        inspection_cancel(actor=approvals_world["reviewer"], inspection=inspection, reason="不需要了")


def test_the_case_page_calls_off_an_inspection_with_its_reason_in_the_timeline(client, approvals_world, accepted):
    from firesvc.audit.models import AuditEvent

    inspection = _scheduled(approvals_world, accepted)
    client.force_login(approvals_world["reviewer"])
    page = client.get(reverse("approvals:application", args=[accepted.pk])).content.decode()
    url = reverse("approvals:inspection_cancel", args=[inspection.pk])
    assert f'action="{url}"' in page

    response = client.post(url, {"reason": "检查员出差，改期"}, follow=True)

    assert "called off" in response.content.decode()
    assert AuditEvent.objects.filter(action="inspection.cancel", reason="检查员出差，改期").exists()
