"""The case page after a one-time notice, and its lists of missing materials: what is supplied, what is still
missing (named one by one: the names hold "、" of their own), and whose deadline is whose."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from approvals.enums import MaterialStatus
from approvals.models import Application, MaterialRequirement
from approvals.services.applications import NoticeItem, application_submit, material_upload
from approvals.services.intake import (
    FAULTY,
    IN_ORDER,
    MISSING,
    NOT_APPLICABLE,
    NOTICE,
    IntakeLine,
    Verdict,
    application_intake,
    application_issue_deficiency_notice,
    intake_checklist,
)
from approvals.views.confirmations import submit_confirmation
from firesvc.sla.selectors import clocks_for_owner
from tests.approvals.conftest import PDF, make_draft, make_submitted

pytestmark = pytest.mark.django_db

# Two mandatory materials of the acceptance matter whose names hold a "、".
BOTH = ("material_certificates", "contractor_qualifications")


def _requirement(code: str) -> MaterialRequirement:
    return MaterialRequirement.objects.get(matter__code="acceptance", code=code)


def _after_notice(world: dict[str, Any], codes: tuple[str, ...] = BOTH) -> Application:
    """A submitted case with a one-time notice asking again for the materials of ``codes``."""
    application = make_submitted(world)
    items = [NoticeItem(_requirement(code).pk, "未提交。") for code in codes]
    application_issue_deficiency_notice(actor=world["clerk"], application=application, items=items)
    return Application.objects.get(pk=application.pk)


def _supply(world: dict[str, Any], application: Application, code: str) -> None:
    material_upload(actor=world["applicant"], application=application, requirement=_requirement(code), data=PDF,
                    filename="mat.pdf")


def _page(client: Any, user: Any, application: Application) -> str:
    client.force_login(user)
    response = client.get(reverse("approvals:application", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, code: str) -> str:
    """The material row of the requirement ``code`` on the case page."""
    found = re.search(rf'<li class="list-group-item" id="material-{_requirement(code).pk}">(.*?)</li>', html, re.S)
    assert found is not None
    return found.group(1)


def _tag(html: str, marker: str) -> str:
    found = re.search(rf"<(\w+)[^>]*{marker}[^>]*>(.*?)</\1>", html, re.S)
    assert found is not None, marker
    return found.group(2)


def test_a_material_supplied_after_the_notice_is_shown_as_supplied(client, approvals_world) -> None:
    application = _after_notice(approvals_world)
    _supply(approvals_world, application, BOTH[0])
    html = _page(client, approvals_world["applicant"], application)
    supplied, missing = _row(html, BOTH[0]), _row(html, BOTH[1])
    assert "data-supplied" in supplied and "text-danger" not in supplied
    assert "data-supplied" not in missing and "text-danger" in missing


def test_the_case_page_lists_what_the_notice_still_awaits(client, approvals_world) -> None:
    application = _after_notice(approvals_world)
    _supply(approvals_world, application, BOTH[0])
    listed = _tag(_page(client, approvals_world["applicant"], application), "data-to-supplement")
    assert re.findall(r"<li>(.*?)</li>", listed) == [_requirement(BOTH[1]).name]


def test_the_supplement_confirmation_lists_what_is_still_missing(client, approvals_world) -> None:
    application = _after_notice(approvals_world)
    _supply(approvals_world, application, BOTH[0])
    client.force_login(approvals_world["applicant"])
    html = client.post(reverse("approvals:submit", args=[application.pk])).content.decode()
    assert re.findall(r"<li>(.*?)</li>", _tag(html, "data-confirm-items")) == [_requirement(BOTH[1]).name]
    assert 'data-action="confirm"' not in html  # the supplement cannot be sent yet: only the way back


def test_the_supplement_confirmation_asks_once_all_is_supplied(client, approvals_world) -> None:
    application = _after_notice(approvals_world)
    for code in BOTH:
        _supply(approvals_world, application, code)
    client.force_login(approvals_world["applicant"])
    html = client.post(reverse("approvals:submit", args=[application.pk])).content.decode()
    assert 'data-action="confirm"' in html
    assert "data-confirm-items" not in html


def test_a_draft_page_lists_each_missing_material_as_an_item(client, approvals_world) -> None:
    draft = make_draft(approvals_world, skip=BOTH)
    listed = _tag(_page(client, approvals_world["applicant"], draft), "data-missing")
    assert re.findall(r"<li>(.*?)</li>", listed) == [_requirement(code).name for code in BOTH]


def test_submitting_without_materials_confirms_them_as_a_list(client, approvals_world) -> None:
    draft = make_draft(approvals_world, skip=BOTH)
    client.force_login(approvals_world["applicant"])
    html = client.post(reverse("approvals:submit", args=[draft.pk]), {"allow_incomplete": "on"}).content.decode()
    assert re.findall(r"<li>(.*?)</li>", _tag(html, "data-confirm-items")) == [_requirement(code).name
                                                                              for code in BOTH]
    assert 'data-action="confirm"' in html


def test_the_submit_refusal_separates_the_missing_names_with_semicolons(approvals_world) -> None:
    draft = make_draft(approvals_world, skip=BOTH)
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=approvals_world["applicant"], application=draft)
    assert "；".join(_requirement(code).name for code in BOTH) in refused.value.messages[0]


def test_the_supplement_refusal_separates_the_missing_names_with_semicolons(approvals_world) -> None:
    application = _after_notice(approvals_world)
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=approvals_world["applicant"], application=application)
    assert "；".join(_requirement(code).name for code in BOTH) in refused.value.messages[0]


def test_the_case_page_shows_the_applicants_supplement_deadline(client, approvals_world) -> None:
    application = _after_notice(approvals_world)
    notice = application.notices.get(kind="deficiency")
    box = _tag(_page(client, approvals_world["applicant"], application), "data-supplement-deadline")
    assert f"<span data-supplement-due>{notice.supplement_due:%Y-%m-%d}</span>" in box


def test_the_intake_clock_is_named_as_the_windows(approvals_world) -> None:
    # Its old name (一次性告知补正期限) read to applicants as their own supplement deadline.
    clock = clocks_for_owner(make_submitted(approvals_world))[0]
    assert clock.rule.code == "intake.deficiency_notice"
    assert clock.rule.name == "窗口受理审查期限"


def test_my_applications_shows_the_supplement_deadline_of_a_case_awaiting_it(client, approvals_world) -> None:
    application = _after_notice(approvals_world)
    notice = application.notices.get(kind="deficiency")
    client.force_login(approvals_world["applicant"])
    html = client.get(reverse("approvals:my_applications")).content.decode()
    row = re.search(rf'<tr><td><a href="{application.get_absolute_url()}">.*?</tr>', html, re.S)
    assert row is not None
    assert f"<span data-supplement-due>{notice.supplement_due:%Y-%m-%d}</span>" in row.group(0)


NAME = "消防设施、电气防火技术检测合格证明文件"


def _unchecked(mandatory: bool) -> IntakeLine:
    return IntakeLine(1, NAME, mandatory=mandatory, uploaded=True)


def test_an_unchecked_mandatory_material_is_not_offered_not_applicable() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        intake_checklist([_unchecked(mandatory=True)])
    assert refused.value.messages == [f"Check {NAME}: choose in order, faulty or missing."]


def test_an_unchecked_optional_material_is_offered_not_applicable() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        intake_checklist([_unchecked(mandatory=False)])
    assert refused.value.messages == [f"Check {NAME}: choose in order, faulty, missing or not applicable."]


def test_the_supplement_confirmation_promises_no_second_one_time_notice(approvals_world) -> None:
    application = _after_notice(approvals_world)
    with translation.override("en"):
        lines = submit_confirmation(application).consequences
    assert "Within five working days the window accepts the application or refuses it with written reasons; " \
           "you are told the outcome in your inbox." in lines
    assert not [line for line in lines if "one notice" in line]


def _after_intake(world: dict[str, Any], states: dict[str, str]) -> Application:
    """A submitted case after the clerk's intake with a one-time notice: ``states`` by requirement code (the
    rest in order, or not applicable when optional)."""
    application = make_submitted(world)
    verdicts = {}
    for item in application.required_items.select_related("requirement"):
        state = states.get(item.requirement.code, IN_ORDER if item.requirement.is_mandatory else NOT_APPLICABLE)
        verdicts[item.requirement_id] = Verdict(state, "材料不全。" if state in (FAULTY, MISSING) else "")
    application_intake(actor=world["clerk"], application=application, action=NOTICE, verdicts=verdicts)
    return Application.objects.get(pk=application.pk)


def test_a_material_marked_missing_at_intake_shows_as_missing_and_a_faulty_one_as_faulty(client,
                                                                                           approvals_world) -> None:
    application = _after_intake(approvals_world, {BOTH[0]: MISSING, BOTH[1]: FAULTY})
    with translation.override("en"):
        html = _page(client, approvals_world["applicant"], application)
        missing, faulty = MaterialStatus.MISSING.label, MaterialStatus.FAULTY.label
    assert f"· v1 · {missing}</div>" in _row(html, BOTH[0])
    assert f"· v1 · {faulty}</div>" in _row(html, BOTH[1])
