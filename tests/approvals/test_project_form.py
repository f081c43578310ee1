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
