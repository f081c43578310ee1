"""Each approvals counter counts exactly the records it names (C6), in the period and scope asked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from approvals.models import Application
from approvals.services.applications import NoticeItem, application_update
from approvals.services.intake import application_accept, application_issue_deficiency_notice
from firesvc.stats.selectors import Period, figures_for
from firesvc.stats.services import stats_rollup_recent
from tests.approvals.conftest import make_draft, make_submitted

pytestmark = pytest.mark.django_db


def _today(unit) -> dict[str, int]:
    today = timezone.localdate()
    return figures_for(unit=unit, period=Period(today, today)).values


def test_applications_submitted_counts_submissions_not_drafts(approvals_world, tree):
    make_draft(approvals_world)
    make_submitted(approvals_world)

    assert _today(tree["a"]["detachment"]).get("applications_submitted") == 1
    assert _today(tree["b"]["detachment"]).get("applications_submitted", 0) == 0


def test_applications_accepted_counts_acceptances(approvals_world, tree):
    accepted = make_submitted(approvals_world)
    make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=accepted)

    figures = _today(tree["a"]["brigade"])

    assert figures.get("applications_accepted") == 1
    assert figures.get("applications_submitted") == 2


def test_key_project_services_counts_accepted_key_or_livelihood_projects(approvals_world, tree):
    key = make_draft(approvals_world)
    application_update(actor=approvals_world["applicant"], application=key, is_key_project=True)
    from approvals.services.applications import application_submit

    key = application_submit(actor=approvals_world["applicant"], application=key)
    ordinary = make_submitted(approvals_world)
    for application in (key, ordinary):
        application_accept(actor=approvals_world["clerk"], application=application)

    assert _today(tree["a"]["brigade"]).get("key_project_services") == 1


def test_deficiency_notices_counts_one_time_notices_only(approvals_world, tree):
    deficient = make_submitted(approvals_world)
    requirement = deficient.required_items.select_related("requirement").first().requirement
    application_issue_deficiency_notice(actor=approvals_world["clerk"], application=deficient,
                                        items=[NoticeItem(requirement.pk, "缺少签章", "盖章后重新上传")])
    application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))

    assert _today(tree["a"]["brigade"]).get("deficiency_notices") == 1


def test_rolled_up_day_counts_the_same_as_live(approvals_world, tree):
    application = make_submitted(approvals_world)
    yesterday = timezone.now() - timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(submitted_at=yesterday)
    day = timezone.localdate(yesterday)
    live = figures_for(unit=tree["a"]["brigade"], period=Period(day, day)).get("applications_submitted")

    stats_rollup_recent()

    assert figures_for(unit=tree["a"]["brigade"], period=Period(day, day)).get("applications_submitted") == live == 1
