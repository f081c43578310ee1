"""The applicant's name a case carries (申请单位, ``Application.applicant_name``): set when the draft is made,
following a rename of the enterprise while the case is open, kept as decided once it is closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from approvals.enums import ApplicationStatus
from approvals.models import Application
from approvals.services.applications import application_create, application_withdraw
from enterprises.services.enterprises import enterprise_update
from firesvc.accounts.roles import Role
from tests.approvals.conftest import PROJECT, make_draft, make_submitted
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_a_new_draft_carries_its_enterprises_name(approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    application.refresh_from_db()
    assert application.applicant_name == approvals_world["enterprise"].name


def test_a_rename_reaches_the_enterprises_open_cases_and_drafts(approvals_world) -> None:
    # given a submitted case and a draft of the enterprise, and a draft of another enterprise
    submitted = make_submitted(approvals_world)
    draft = make_draft(approvals_world, upload=False)
    other = approvals_world["other_enterprise"]
    others_draft = application_create(actor=approvals_world["other_applicant"], matter=submitted.matter,
                                      enterprise=other, **PROJECT)
    # when the enterprise is renamed
    enterprise_update(actor=approvals_world["approver"], enterprise=approvals_world["enterprise"],
                      name="沈阳新名称商贸有限公司")
    # then its open cases carry the new name, and the other enterprise's case keeps its own
    names = dict(Application.objects.values_list("pk", "applicant_name"))
    assert names[submitted.pk] == names[draft.pk] == "沈阳新名称商贸有限公司"
    assert names[others_draft.pk] == other.name


def test_a_closed_case_keeps_the_name_it_was_closed_under(approvals_world) -> None:
    closed = make_submitted(approvals_world)
    application_withdraw(actor=approvals_world["applicant"], application=closed, reason="项目取消")
    old_name = approvals_world["enterprise"].name
    enterprise_update(actor=approvals_world["approver"], enterprise=approvals_world["enterprise"],
                      name="沈阳新名称商贸有限公司")
    closed.refresh_from_db()
    assert closed.status == ApplicationStatus.WITHDRAWN
    assert closed.applicant_name == old_name


def test_the_worklist_shows_the_new_name_after_a_rename(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    enterprise_update(actor=approvals_world["approver"], enterprise=approvals_world["enterprise"],
                      name="沈阳更名后有限公司")
    client.force_login(approvals_world["clerk"])
    html = client.get(reverse("approvals:worklist")).content.decode()
    row = html[html.index(f'<tr data-application="{application.pk}">'):]
    assert row[:row.index("</tr>")].count("沈阳更名后有限公司") == 1


def test_a_rename_in_the_admin_reaches_the_open_cases(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    enterprise = approvals_world["enterprise"]
    admin = staff(Role.ADMINISTRATOR, None)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    change = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    form = client.get(change).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["name"] = "后台更名有限公司"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    application.refresh_from_db()
    assert application.applicant_name == "后台更名有限公司"
