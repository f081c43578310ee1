"""The application page's material rows at the desktop size and on a phone: each 上传 button (and 撤回) on one
line, and the page no wider than the phone."""

from __future__ import annotations

import pytest

from approvals.catalogue import load_catalogue
from approvals.models import MaterialRequirement, Matter
from firesvc.sla.services import load_rule_sets
from tests.approvals.factories import ApplicationFactory
from tests.browser.conftest import login, screenshot, scrolls_sideways
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, unit_chain

pytestmark = pytest.mark.django_db(transaction=True)

# How many lines of text an element's content takes (one rectangle per line box).
LINES = """el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top))).size; }"""


@pytest.fixture
def draft():  # type: ignore[no-untyped-def]
    # A flushed transactional database has lost the migrations' reference data: load it again.
    load_rule_sets()
    load_catalogue(Matter, MaterialRequirement)
    enterprise = EnterpriseFactory(brigade=unit_chain("cp")["brigade"], name="沈阳盛京商贸有限公司")
    applicant = enterprise_user(enterprise, username="ent_casepage")
    return ApplicationFactory(applicant=applicant, enterprise=enterprise, upload=False)


def _upload_buttons_on_one_line(page, draft, name: str) -> None:  # type: ignore[no-untyped-def]
    login(page, "ent_casepage", PASSWORD)
    page.goto(f"{page.base}{draft.get_absolute_url()}")
    buttons = page.locator("li.list-group-item form button").all()
    assert len(buttons) == draft.required_items.count()
    screenshot(page, name)
    for button in [*buttons, page.locator("[data-action=withdraw]")]:
        assert button.evaluate(LINES) == 1, button.inner_text()


def test_upload_buttons_stay_on_one_line_on_the_desktop(page, draft) -> None:  # type: ignore[no-untyped-def]
    _upload_buttons_on_one_line(page, draft, "case-page-materials-1280")


@pytest.mark.parametrize("phone_page", [390], indirect=True)
def test_upload_buttons_stay_on_one_line_on_a_phone(phone_page, draft) -> None:  # type: ignore[no-untyped-def]
    _upload_buttons_on_one_line(phone_page, draft, "case-page-materials-390")
    assert not scrolls_sideways(phone_page)
