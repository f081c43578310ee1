"""The demo's applications read alike on every page: a notice's dates are the dates the timeline shows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from approvals.enums import NoticeKind
from approvals.models import IntakeNotice
from approvals.views.public import _notice_context
from firesvc.audit.selectors import occurred_at, timeline_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    from approvals.demo import seed_applications
    from enterprises.demo import seed_enterprise_users, seed_enterprises
    from firesvc.accounts.demo import seed_org_tree, seed_staff
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    for step in (seed_org_tree, seed_staff, seed_enterprises, seed_enterprise_users, seed_applications):
        step()


def test_every_demo_notice_dates_the_submission_as_the_case_timeline_does(demo) -> None:
    notices = list(IntakeNotice.objects.select_related("application__matter", "application__enterprise",
                                                       "application__brigade"))
    assert {n.kind for n in notices} >= {NoticeKind.DEFICIENCY, NoticeKind.ACCEPTANCE, NoticeKind.REFUSAL}
    for notice in notices:
        submits = [occurred_at(e) for e in timeline_for(notice.application) if e.action == "application.submit"]
        shown = timezone.localdate(max(when for when in submits if when <= notice.issued_at))
        assert _notice_context(notice)["submitted_on"] == shown, notice.number


def test_demo_projects_are_named_after_the_whole_trade_name() -> None:
    from approvals.demo import trade_name

    assert trade_name("沈阳天润建设工程有限公司") == "沈阳天润建设工程"
    assert trade_name("锦州银河股份有限公司") == "锦州银河"
    assert trade_name("古塔区老街坊饭店") == "古塔区老街坊饭店"
