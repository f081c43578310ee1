"""Enterprise pickers (issue 22): search as you type, scoped to the user; pages no longer list every enterprise."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from approvals.forms.early import EarlyInterventionForm
from approvals.forms.intake import WindowFilingForm
from enterprises.models import Enterprise
from enterprises.safety.enums import HazardSource
from enterprises.safety.forms import HazardForm
from enterprises.safety.services.hazards import hazard_record
from enterprises.selectors.pickers import enterprise_search, enterprises_pickable
from feedback.forms.acts import ActForm
from firesvc.accounts.roles import Role
from firesvc.identifiers import make_uscc
from firesvc.sla.services import load_rule_sets
from tests.enterprises.factories import EnterpriseFactory, enterprise_user
from tests.firesvc.factories import staff

pytestmark = pytest.mark.django_db

MANY = 300


@pytest.fixture(name="world")
def world_fixture(tree) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    load_rule_sets()
    brigade, grid = tree["a"]["brigade"], tree["a"]["grid"]
    return {
        "tree": tree, "brigade": brigade,
        "shengjing": EnterpriseFactory(brigade=brigade, name="沈阳盛京商贸有限公司"),
        "shengjing_hotel": EnterpriseFactory(brigade=brigade, name="盛京大酒店"),
        "shengjing_exact": EnterpriseFactory(brigade=brigade, name="盛京"),
        "other": EnterpriseFactory(brigade=tree["b"]["brigade"], name="锦州盛京物流有限公司"),
        "in_grid": EnterpriseFactory(brigade=brigade, grid=grid, name="兴华盛京超市"),
        "clerk": staff(Role.WINDOW_CLERK, brigade, full_name="王晓丽"),
        "reviewer": staff(Role.REVIEWER, brigade, full_name="李建国"),
        "grid_manager": staff(Role.GRID_MANAGER, grid, full_name="赵文"),
    }


def _seed_many(brigade: Any, count: int = MANY) -> None:
    Enterprise.objects.bulk_create(Enterprise(
        name=f"批量企业{n:04d}有限公司", uscc=make_uscc("91210106", f"{50_000_000 + n:08d}"),
        legal_representative="王建华", contact_name="李海燕", contact_phone="13800138000",
        address="沈阳市铁西区建设大路1号", brigade=brigade) for n in range(count))


def _names(found: list[Enterprise]) -> list[str]:
    return [e.name for e in found]


# --- the search -------------------------------------------------------------------------------

def test_search_finds_a_partial_chinese_name_exact_match_first(world) -> None:  # type: ignore[no-untyped-def]
    found = enterprise_search(user=world["clerk"], scope="visible", term="盛京")
    assert _names(found)[0] == "盛京"
    assert set(_names(found)) == {"盛京", "盛京大酒店", "沈阳盛京商贸有限公司", "兴华盛京超市"}


def test_search_ranks_names_starting_with_the_term_before_the_rest(world) -> None:  # type: ignore[no-untyped-def]
    assert _names(enterprise_search(user=world["clerk"], scope="visible", term="盛京"))[1] == "盛京大酒店"


def test_search_finds_a_credit_code_by_its_beginning(world) -> None:  # type: ignore[no-untyped-def]
    uscc = world["shengjing"].uscc
    assert _names(enterprise_search(user=world["clerk"], scope="visible", term=uscc[:16].lower())) == [
        "沈阳盛京商贸有限公司"]


def test_search_never_offers_an_enterprise_of_another_brigade(world) -> None:  # type: ignore[no-untyped-def]
    found = enterprise_search(user=world["clerk"], scope="visible", term=world["other"].uscc)
    assert found == []


def test_search_of_a_grid_manager_stays_in_the_grid(world) -> None:  # type: ignore[no-untyped-def]
    assert _names(enterprise_search(user=world["grid_manager"], scope="visible", term="盛京")) == ["兴华盛京超市"]


def test_brigade_scope_leaves_out_what_only_a_grid_reaches(world) -> None:  # type: ignore[no-untyped-def]
    assert enterprise_search(user=world["grid_manager"], scope="brigade", term="盛京") == []


def test_search_returns_at_most_twenty(world) -> None:  # type: ignore[no-untyped-def]
    _seed_many(world["brigade"], 45)
    assert len(enterprise_search(user=world["clerk"], scope="visible", term="批量企业")) == 20


def test_an_empty_term_finds_nothing(world) -> None:  # type: ignore[no-untyped-def]
    assert enterprise_search(user=world["clerk"], scope="visible", term="   ") == []


def test_an_enterprise_user_may_pick_nothing(world) -> None:  # type: ignore[no-untyped-def]
    user = enterprise_user(world["shengjing"])
    assert not enterprises_pickable(user=user, scope="visible").exists()


# --- the endpoint -----------------------------------------------------------------------------

def _choices(client, **params: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("enterprises:choices"), params)


def test_endpoint_answers_names_and_credit_codes(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    results = _choices(client, q="盛京大").json()["results"]
    hotel = world["shengjing_hotel"]
    assert results == [{"id": hotel.pk, "name": "盛京大酒店", "uscc": hotel.uscc, "text": f"盛京大酒店 · {hotel.uscc}"}]


def test_endpoint_leaves_out_other_brigades(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    names = [r["name"] for r in _choices(client, q="盛京").json()["results"]]
    assert "锦州盛京物流有限公司" not in names
    assert len(names) == 4


def test_endpoint_in_brigade_scope_answers_the_grid_manager_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["grid_manager"])
    assert _choices(client, q="盛京", scope="brigade").json()["results"] == []


def test_endpoint_refuses_enterprise_users(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user(world["shengjing"]))
    assert _choices(client, q="盛京").status_code == 403


def test_endpoint_sends_anonymous_visitors_to_sign_in(client, world) -> None:  # type: ignore[no-untyped-def]
    response = _choices(client, q="盛京")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_endpoint_refuses_an_unknown_scope(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    assert _choices(client, q="盛京", scope="everything").status_code == 400


# --- the forms: scoped on POST too ------------------------------------------------------------

def test_a_tampered_id_outside_the_scope_is_a_form_error(world) -> None:  # type: ignore[no-untyped-def]
    form = HazardForm({"enterprise": world["other"].pk, "source": HazardSource.VISIT, "severity": "general",
                       "description": "疏散通道堵塞"}, user=world["clerk"])
    assert not form.is_valid()
    assert "enterprise" in form.errors


def test_an_id_in_the_scope_is_accepted(world) -> None:  # type: ignore[no-untyped-def]
    form = HazardForm({"enterprise": world["shengjing"].pk, "source": HazardSource.VISIT, "severity": "general",
                       "description": "疏散通道堵塞"}, user=world["clerk"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["enterprise"] == world["shengjing"]


def test_early_intervention_refuses_an_enterprise_outside_the_brigade(world) -> None:  # type: ignore[no-untyped-def]
    form = EarlyInterventionForm({"enterprise": world["other"].pk}, user=world["reviewer"])
    form.is_valid()
    assert "enterprise" in form.errors


def test_an_act_refuses_an_enterprise_outside_the_brigade(world) -> None:  # type: ignore[no-untyped-def]
    form = ActForm({"enterprise": world["other"].pk}, user=world["reviewer"])
    form.is_valid()
    assert "enterprise" in form.errors


def test_without_script_a_credit_code_picks_the_enterprise(world) -> None:  # type: ignore[no-untyped-def]
    form = WindowFilingForm({"enterprise_code": world["shengjing"].uscc.lower()}, user=world["clerk"])
    form.is_valid()
    assert form.cleaned_data["enterprise"] == world["shengjing"]


def test_without_script_a_credit_code_outside_the_scope_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    form = WindowFilingForm({"enterprise_code": world["other"].uscc}, user=world["clerk"])
    form.is_valid()
    assert "enterprise" in form.errors


def test_the_widget_renders_only_the_chosen_enterprise_by_name(world) -> None:  # type: ignore[no-untyped-def]
    html = str(WindowFilingForm(initial={"enterprise": world["shengjing"].pk}, user=world["clerk"])["enterprise"])
    options = re.findall(r"<option[^>]*>([^<]*)</option>", html)
    assert options == ["---------", f"沈阳盛京商贸有限公司 · {world['shengjing'].uscc}"]


# --- the pages no longer embed every enterprise -----------------------------------------------

def _option_count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "批量企业" not in html
    return html.count("<option")


@pytest.mark.parametrize(("user", "url_name"), [
    ("clerk", "approvals:window_filing"),
    ("reviewer", "approvals:early_interventions"),
    ("reviewer", "feedback:act_create"),
    ("reviewer", "safety:hazard_create"),
    ("reviewer", "enterprises:forum_create"),
    ("clerk", "enterprises:suggestion_create"),
])
def test_a_picker_page_lists_no_enterprises(client, world, user: str, url_name: str) -> None:  # type: ignore[no-untyped-def]
    _seed_many(world["brigade"])
    client.force_login(world[user])
    assert _option_count(client, reverse(url_name)) < 40


def test_the_rectification_order_lists_no_enterprises(client, world) -> None:  # type: ignore[no-untyped-def]
    _seed_many(world["brigade"])
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.PATROL, description="消防通道被占用",
                           address="兴华街10号", actor=world["reviewer"])
    client.force_login(world["reviewer"])
    url = reverse("safety:hazard", args=[hazard.pk])
    assert 'data-enterprise-picker' in client.get(url).content.decode()
    assert _option_count(client, url) < 40


def test_a_picker_page_loads_the_picker_script_from_a_file(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    html = client.get(reverse("approvals:window_filing")).content.decode()
    assert '<script src="/static/js/enterprise_picker.js"></script>' in html
    assert 'data-enterprise-picker="/enterprises/choices/?scope=visible"' in html
