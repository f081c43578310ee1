"""A grid manager prints the QR poster of his grid from his desk: the poster's code opens the report form
with the grid chosen."""

from __future__ import annotations

import pytest

from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, staff, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_grid_manager_opens_the_poster_of_his_grid_from_his_desk(page) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    units = unit_chain("qp")
    staff(Role.GRID_MANAGER, units["grid"], username="grid_poster", full_name="吴网格")
    login(page, "grid_poster", PASSWORD)
    assert page.url.endswith("/desk/grid_manager/")
    with page.expect_navigation():
        page.click("[data-posters] a")
    assert page.url.endswith(f"/reports/poster/{units['grid'].pk}/")
    assert units["grid"].name in page.content()
    screenshot(page, "poster-from-desk")
    link = page.locator(f"a[href$='/reports/?place={units['grid'].pk}']")
    assert link.count() == 1
