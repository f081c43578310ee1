"""A long case history in a real browser: the clerk's case page shows the newest changes and a link to the
whole timeline, which pages through every change."""

from __future__ import annotations

import pytest

from approvals.catalogue import load_catalogue
from approvals.models import MaterialRequirement, Matter
from approvals.services.applications import material_upload
from approvals.views.filing import CASE_TIMELINE_SHOWN, TIMELINE_PAGE_SIZE
from firesvc.accounts.roles import Role
from firesvc.audit.selectors import timeline_for
from firesvc.sla.services import load_rule_sets
from tests.approvals.conftest import PDF
from tests.approvals.factories import ApplicationFactory
from tests.factories import EnterpriseFactory, enterprise_user, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_clerk_opens_the_whole_timeline_of_a_long_case(new_page) -> None:
    # given: a draft the clerk filed at the window (窗口代办: an enterprise's own draft the clerk would not see)
    # whose first material was uploaded again and again (a change each time)
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    units = unit_chain("t")
    enterprise = EnterpriseFactory(brigade=units["brigade"])
    applicant = enterprise_user(enterprise, username="ent_timeline")
    clerk = staff(Role.WINDOW_CLERK, units["brigade"], username="clerk_timeline", window_number="1号窗口")
    draft = ApplicationFactory(applicant=clerk, enterprise=enterprise, matter=Matter.objects.get(code="acceptance"),
                               upload=False)
    requirement = draft.required_items.select_related("requirement").order_by("requirement__order")[0].requirement
    for n in range(TIMELINE_PAGE_SIZE + 5):
        material_upload(actor=applicant, application=draft, requirement=requirement, data=PDF, filename=f"v{n}.pdf")
    total = timeline_for(draft).count()
    page = new_page("clerk_timeline")
    # when: the clerk opens the case, then the whole timeline, then its next page
    page.goto(f"{page.base}/approvals/{draft.pk}/")
    assert page.locator("ol.timeline > li").count() == CASE_TIMELINE_SHOWN
    with page.expect_navigation():
        page.click("[data-timeline-all]")
    assert page.locator("ol.timeline > li").count() == TIMELINE_PAGE_SIZE
    with page.expect_navigation():
        page.click("[data-next-page]")
    # then: the second page holds the rest, and no further page is offered
    assert page.locator("ol.timeline > li").count() == total - TIMELINE_PAGE_SIZE
    assert page.locator("[data-next-page]").count() == 0
