"""The intake of a supplement (A4): the checklist starts from the earlier verdicts that still hold, and the
materials the one-time notice listed, new since it, come back for checking and are flagged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from approvals.models import Application, MaterialRequirement
from approvals.services.applications import NoticeItem, application_submit, material_upload
from approvals.services.intake import application_issue_deficiency_notice
from approvals.services.parallel import (
    parallel_case_create,
    parallel_case_deficiency_notice,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)
from tests.approvals.conftest import PDF, PROJECT, make_submitted

pytestmark = pytest.mark.django_db

LISTED, KEPT = "completion_report", "business_licence"


def _requirement(code: str) -> MaterialRequirement:
    return MaterialRequirement.objects.get(matter__code="acceptance", code=code)


def _resubmitted(world: dict[str, Any]) -> Application:
    """A case back at the window: its one-time notice listed ``LISTED``, which the applicant then replaced."""
    application = make_submitted(world)
    application_issue_deficiency_notice(actor=world["clerk"], application=application,
                                        items=[NoticeItem(_requirement(LISTED).pk, "缺少签章。")])
    application = Application.objects.get(pk=application.pk)
    material_upload(actor=world["applicant"], application=application, requirement=_requirement(LISTED), data=PDF,
                    filename="report.pdf")
    return application_submit(actor=world["applicant"], application=application)


def _row(html: str, code: str, track: str = "") -> str:
    """The checklist row of the material ``code`` (of the track ``track`` on the parallel page)."""
    attributes = f'data-requirement="{code}"' + (f' data-track="{track}"' if track else "")
    found = re.search(rf"<tr {attributes}>(.*?)</tr>", html, re.S)
    assert found is not None, code
    return found.group(1)


def _chosen(row: str) -> str:
    """The verdict a row's select starts with ("" when not checked)."""
    found = re.search(r'<option value="(\w*)" selected', row)
    return found.group(1) if found else ""


def _intake_page(client: Any, clerk: Any, application: Application) -> str:
    client.force_login(clerk)
    response = client.get(reverse("approvals:intake", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_reintake_keeps_a_material_found_in_order_marked_in_order(client, approvals_world) -> None:
    application = _resubmitted(approvals_world)
    row = _row(_intake_page(client, approvals_world["clerk"], application), KEPT)
    assert _chosen(row) == "ok"
    assert "data-changed" not in row


def test_reintake_brings_back_a_material_replaced_after_the_notice_unchecked_and_flagged(
        client, approvals_world) -> None:
    application = _resubmitted(approvals_world)
    row = _row(_intake_page(client, approvals_world["clerk"], application), LISTED)
    assert _chosen(row) == ""
    assert "data-changed" in row and "缺少签章。" in row


def test_reintake_keeps_an_optional_material_never_uploaded_not_applicable(client, approvals_world) -> None:
    application = _resubmitted(approvals_world)
    assert _chosen(_row(_intake_page(client, approvals_world["clerk"], application), "other")) == "na"


def test_parallel_reintake_keeps_the_verdicts_that_hold_and_flags_the_supplied_material(
        client, approvals_world) -> None:
    # given a parallel case whose merged notice listed one shared material, supplied and resubmitted
    world = approvals_world
    case = parallel_case_create(actor=world["applicant"], enterprise=world["enterprise"], **PROJECT)
    rows = [row for row in shared_requirements(case) if row["mandatory"]]
    for row in rows:
        parallel_material_upload(actor=world["applicant"], case=case, code=row["code"], data=PDF,
                                 filename=f"{row['code']}.pdf")
    parallel_case_submit(actor=world["applicant"], case=case)
    listed = next(row for row in rows if len(row["tracks"]) == 2)
    track, requirement = listed["tracks"][0]
    kept = next(r for row in rows if row is not listed for a, r in row["tracks"] if a.pk == track.pk)
    parallel_case_deficiency_notice(actor=world["clerk"], case=case, items={
        a.pk: [NoticeItem(r.pk, "缺少签章。")] for a, r in listed["tracks"]})
    parallel_material_upload(actor=world["applicant"], case=case, code=listed["code"], data=PDF, filename="new.pdf")
    parallel_case_submit(actor=world["applicant"], case=case)
    # when the clerk opens the joint intake again
    client.force_login(world["clerk"])
    response = client.get(reverse("approvals:parallel_intake", args=[case.pk]))
    html = response.content.decode()
    # then the shared material comes back flagged, the other stays in order
    assert _chosen(_row(html, requirement.code, track.matter.code)) == ""
    assert "data-changed" in _row(html, requirement.code, track.matter.code)
    assert _chosen(_row(html, kept.code, track.matter.code)) == "ok"
