"""The project form (A3): 使用性质 asks for the building's use only; whether the project is a key or a livelihood
project is asked apart, as its own yes-or-no question, on the enterprise's form and at the window."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from approvals.enums import BuildingUse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _page(client, user, url: str) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(url).content.decode()


def _fieldset(page: str) -> str:
    return page.split("data-project-flags", 1)[1].split("</fieldset>", 1)[0]


def test_key_and_livelihood_are_a_question_of_their_own_after_the_use(client, approvals_world) -> None:
    page = _page(client, approvals_world["applicant"], reverse("approvals:new", args=["acceptance"]))
    flags = _fieldset(page)
    assert "<legend" in flags and "Key or livelihood project?" in flags
    assert 'name="is_key_project"' in flags and 'name="is_livelihood_project"' in flags
    assert page.index('name="use"') < page.index("data-project-flags")


def test_the_flags_say_what_ticking_them_means(client, approvals_world) -> None:
    flags = _fieldset(_page(client, approvals_world["applicant"], reverse("approvals:new", args=["acceptance"])))
    labels = [" ".join(text.split()) for text in re.findall(r'class="form-check-label">(.*?)</label>', flags, re.S)]
    assert labels == ["Yes, it is a key project", "Yes, it is a livelihood project"]


def test_the_use_asks_for_one_of_the_building_uses(client, approvals_world) -> None:
    page = _page(client, approvals_world["applicant"], reverse("approvals:new", args=["acceptance"]))
    select = page.split('name="use"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r"<option[^>]*>(.*?)</option>", select)
    assert options == ["Choose the building&#x27;s use", *[str(label) for label in BuildingUse.labels]]


def test_the_window_filing_asks_the_flags_apart_too(client, approvals_world) -> None:
    flags = _fieldset(_page(client, approvals_world["clerk"], reverse("approvals:window_filing")))
    assert 'name="is_key_project"' in flags and 'name="is_livelihood_project"' in flags


def _form_errors(**changes: str) -> dict[str, list[str]]:
    from approvals.forms.filing import ApplicationForm

    data = {"project_name": "仓储中心", "project_address": "沈阳市铁西区建设大路1号", "building_area": "3200.50",
            "building_height": "18.5", "floors": "4", "use": BuildingUse.values[0], "contact_name": "李海燕",
            "contact_phone": "13912345678", "description": ""}
    form = ApplicationForm({**data, **changes})
    form.is_valid()
    return form.errors


def test_an_implausible_number_of_floors_is_refused_in_words() -> None:
    assert _form_errors(floors="99999")["floors"] == [
        "No building has more than 200 floors above ground: check the number."]


def test_an_implausible_height_is_refused_in_words() -> None:
    assert _form_errors(building_height="2000")["building_height"] == [
        "No building is higher than 1000 m: check the height."]


def test_an_area_too_long_for_the_field_is_refused_in_words() -> None:
    assert _form_errors(building_area="123456789012")["building_area"] == [
        "This number is too large for m²: check it."]
