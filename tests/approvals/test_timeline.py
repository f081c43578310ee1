"""An enterprise's filings on its timeline (approvals.timeline): staff see no draft of the enterprise's own, and
a filing links to its case only for a viewer who may open it."""

from __future__ import annotations

import pytest

from enterprises.selectors.timeline import enterprise_timeline
from firesvc.accounts.roles import Role
from tests.approvals.conftest import make_draft, make_submitted
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _filings(world, user):  # type: ignore[no-untyped-def]
    return [e for e in enterprise_timeline(world["enterprise"], user=user) if e.kind == "filing"]


def test_the_staff_timeline_leaves_out_an_enterprise_draft(approvals_world) -> None:
    make_draft(approvals_world)
    assert _filings(approvals_world, approvals_world["clerk"]) == []


def test_the_staff_timeline_lists_a_window_draft(approvals_world) -> None:
    make_draft({"applicant": approvals_world["clerk"], "enterprise": approvals_world["enterprise"]})
    assert len(_filings(approvals_world, approvals_world["clerk"])) == 1


def test_the_timeline_links_a_filing_to_its_case_for_the_clerk_in_scope(approvals_world) -> None:
    application = make_submitted(approvals_world)
    [entry] = _filings(approvals_world, approvals_world["clerk"])
    assert entry.url == application.get_absolute_url()


def test_the_timeline_lists_a_filing_out_of_the_viewers_scope_without_a_link(approvals_world, tree) -> None:
    # given: a grid manager sees the enterprise of his grid, not the brigade's cases
    enterprise = approvals_world["enterprise"]
    enterprise.grid = tree["a"]["grid"]
    enterprise.save(update_fields=["grid"])
    grid_manager = staff(Role.GRID_MANAGER, tree["a"]["grid"])
    make_submitted(approvals_world)
    # when
    [entry] = _filings(approvals_world, grid_manager)
    # then
    assert entry.url == ""


def test_the_timeline_words_a_filing_drawn_for_spot_check_as_under_spot_check(approvals_world, settings) -> None:
    # given a completion filing drawn for a spot check
    from django.utils import translation

    from approvals.services.intake import application_accept

    settings.FILING_SPOT_CHECK_RATIO = 1.0
    application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world, "completion_filing"))
    # then its entry reads as a filing under spot check, not as a case under review
    with translation.override("en"):
        [entry] = _filings(approvals_world, approvals_world["clerk"])
    assert entry.status == "Filed, under spot check"
