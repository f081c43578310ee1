"""The four staff forms whose button fell outside the form crispy opened inside the page's own form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.enums import ActKind
from feedback.models import ReturnVisit
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.crawl.checks import form_problems
from tests.factories import staff
from tests.feedback.supervision_helpers import make_act


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    supervisor = staff(Role.SUPERVISOR, tree["a"]["brigade"])
    act = make_act(unit=tree["a"]["brigade"], officer=officer, kind=ActKind.PENALTY)
    return {"officer": officer, "supervisor": supervisor, "act": act}


def _problems(client, user, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert 'type="submit"' in response.content.decode() or "<button" in response.content.decode()
    return form_problems(response.content.decode())


def test_enforcement_act_form_sends_its_fields_with_its_button(client, setup) -> None:  # type: ignore[no-untyped-def]
    assert _problems(client, setup["officer"], reverse("feedback:act_create")) == []


def test_paper_receipt_form_sends_its_fields_with_its_button(client, setup) -> None:  # type: ignore[no-untyped-def]
    url = reverse("feedback:receipt_paper", args=[setup["act"].pk])
    assert _problems(client, setup["officer"], url) == []


def test_return_visit_attempt_form_sends_its_fields_with_its_button(client, setup) -> None:  # type: ignore[no-untyped-def]
    visit = ReturnVisit.objects.get(act=setup["act"])
    assert _problems(client, setup["supervisor"], reverse("feedback:visit", args=[visit.pk])) == []


def test_hotline_complaint_form_sends_its_fields_with_its_button(client, setup) -> None:  # type: ignore[no-untyped-def]
    assert _problems(client, setup["officer"], reverse("feedback:complaint_hotline")) == []
