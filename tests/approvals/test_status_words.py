"""A completion filing's status in a filing's words (approvals.status_words), wherever a screen shows it: it is
filed (备案), then perhaps spot-checked (抽查), never permitted (准予许可)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from approvals.enums import ApplicationStatus
from approvals.models import Application
from approvals.selectors import intake as worklist_selectors
from approvals.selectors.case_history import case_history_latest
from approvals.selectors.case_lookup import case_lookup
from approvals.services.applications import APPLICATION_FLOW
from approvals.services.intake import application_accept
from approvals.status_words import application_status_label, status_label
from firesvc.core.transitions import transition
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db

PERMIT = "准予许可"  # ApplicationStatus.APPROVED's words: a permit's, not a filing's


def _filing(world: dict[str, Any], settings: Any, *, drawn: bool) -> Application:
    """A completion filing accepted at the window and drawn (or not) for a spot check."""
    settings.FILING_SPOT_CHECK_RATIO = 1.0 if drawn else 0.0
    application = make_submitted(world, "completion_filing")
    application_accept(actor=world["clerk"], application=application)
    return Application.objects.select_related("matter").get(pk=application.pk)


@pytest.mark.parametrize(("status", "drawn", "words"), [
    (ApplicationStatus.APPROVED, False, "Filing completed (not drawn for a spot check)"),
    (ApplicationStatus.APPROVED, True, "Spot check passed"),
    (ApplicationStatus.REJECTED, True, "Spot check failed"),
    (ApplicationStatus.ACCEPTED, True, "Filed, under spot check"),
])
def test_status_label_words_a_completion_filing_as_a_filing(status: str, drawn: bool, words: str) -> None:
    with translation.override("en"):
        assert status_label(status, matter_code="completion_filing", drawn=drawn) == words


def test_status_label_keeps_a_permits_words_for_other_matters() -> None:
    assert status_label(ApplicationStatus.APPROVED, matter_code="acceptance") == str(ApplicationStatus.APPROVED.label)


def test_a_filing_not_drawn_reads_as_filing_completed(approvals_world, settings) -> None:
    filing = _filing(approvals_world, settings, drawn=False)
    assert filing.status == ApplicationStatus.APPROVED  # the stored status is unchanged
    with translation.override("en"):
        assert application_status_label(filing) == "Filing completed (not drawn for a spot check)"


def test_the_case_page_badge_of_a_filing_not_drawn_is_not_a_permit(client, approvals_world, settings) -> None:
    filing = _filing(approvals_world, settings, drawn=False)
    client.force_login(approvals_world["applicant"])
    html = client.get(reverse("approvals:application", args=[filing.pk])).content.decode()
    start = html.index('data-status="approved">')
    badge = html[start:html.index("</span>", start)]
    assert PERMIT not in badge


def test_the_staff_timeline_of_a_filing_not_drawn_has_no_permit(client, approvals_world, settings) -> None:
    # the staff's case page shows the timeline "from → to" in the case's own status words
    filing = _filing(approvals_world, settings, drawn=False)
    client.force_login(approvals_world["clerk"])
    html = client.get(reverse("approvals:application", args=[filing.pk])).content.decode()
    assert 'data-status="approved"' in html
    assert PERMIT not in html


def test_the_whole_timeline_page_of_a_filing_not_drawn_has_no_permit(client, approvals_world, settings) -> None:
    filing = _filing(approvals_world, settings, drawn=False)
    client.force_login(approvals_world["clerk"])
    html = client.get(reverse("approvals:timeline", args=[filing.pk])).content.decode()
    assert filing.number in html
    assert PERMIT not in html


def test_my_applications_row_of_a_filing_not_drawn_is_not_a_permit(client, approvals_world, settings) -> None:
    filing = _filing(approvals_world, settings, drawn=False)
    client.force_login(approvals_world["applicant"])
    html = client.get(reverse("approvals:my_applications")).content.decode()
    assert filing.number in html
    assert PERMIT not in html


def test_the_worklist_row_of_a_drawn_filing_says_it_is_under_spot_check(approvals_world, settings) -> None:
    filing = _filing(approvals_world, settings, drawn=True)
    [row] = [r for r in worklist_selectors.worklist(approvals_world["clerk"]).rows if r.pk == filing.pk]
    with translation.override("en"):
        assert row.status_label == "Filed, under spot check"


def test_the_worklist_reads_the_draw_in_its_one_query(approvals_world, settings) -> None:
    # given one drawn filing and one acceptance case on the list
    _filing(approvals_world, settings, drawn=True)
    application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))
    # when the rows are read and worded
    with CaptureQueriesContext(connection) as queries:
        labels = [row.status_label for row in worklist_selectors.worklist(approvals_world["clerk"]).rows]
    # then the draw came with the rows: no query per row
    assert len(labels) == 2
    assert sum("approvals_spotcheck" in q["sql"] for q in queries.captured_queries) == 1


def test_the_applicants_step_of_a_spot_check_failed_is_worded_for_a_spot_check(approvals_world, settings) -> None:
    # given a drawn filing whose spot check failed (the decision's status change)
    filing = _filing(approvals_world, settings, drawn=True)
    transition(workflow=APPLICATION_FLOW, obj=filing, to=ApplicationStatus.REJECTED, actor=approvals_world["approver"],
               action="application.decide", data={"number": "沈铁消备字〔2026〕1号"})
    # then the applicant's step names the spot check's result, not a permit's refusal
    with translation.override("en"):
        [step] = [s for s in case_history_latest(filing, limit=20).steps if s.step == "Decision issued"]
    assert step.details == ("Spot check failed",)


def test_the_public_lookup_of_a_filing_not_drawn_is_not_a_permit(approvals_world, settings) -> None:
    filing = _filing(approvals_world, settings, drawn=False)
    found = case_lookup(number=filing.number, secret=filing.query_code)
    assert found is not None
    assert PERMIT not in found.status_label
    assert PERMIT not in found.next_step


def test_the_public_lookup_counts_a_spot_check_in_days_as_its_case_page_does(approvals_world, settings) -> None:
    from firesvc.sla.models import Clock

    filing = _filing(approvals_world, settings, drawn=True)
    found = case_lookup(number=filing.number, secret=filing.query_code)
    clock = Clock.objects.for_owner(filing).exclude(status="stopped").get()
    assert (found.unit, found.left) == ("days", (clock.due_date - timezone.localdate()).days)
