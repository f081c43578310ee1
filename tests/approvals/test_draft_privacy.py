"""An enterprise's own draft is private until it is submitted (``Application.objects.visible_to``): staff do
not see it anywhere, while a draft a clerk files at the window on its behalf (窗口代办) is seen as any case."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from approvals.models import Application, ParallelCase
from approvals.services.applications import application_withdraw
from approvals.services.parallel import parallel_case_create
from firesvc.accounts.roles import Role
from tests.approvals.conftest import PROJECT, make_draft, make_submitted
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _window_draft(world: dict[str, Any]) -> Application:
    return make_draft({"applicant": world["clerk"], "enterprise": world["enterprise"]})


def _seen(user: Any, application: Application) -> bool:
    return Application.objects.visible_to(user).filter(pk=application.pk).exists()


def test_visible_to_hides_an_enterprise_draft_from_the_clerk_in_scope(approvals_world) -> None:
    assert not _seen(approvals_world["clerk"], make_draft(approvals_world))


def test_visible_to_hides_an_enterprise_draft_from_the_approver_in_scope(approvals_world) -> None:
    assert not _seen(approvals_world["approver"], make_draft(approvals_world))


def test_visible_to_hides_an_enterprise_draft_from_the_administrator(approvals_world) -> None:
    admin = staff(Role.ADMINISTRATOR, None)
    assert not _seen(admin, make_draft(approvals_world))


def test_visible_to_shows_an_enterprise_draft_to_its_enterprise(approvals_world) -> None:
    assert _seen(approvals_world["applicant"], make_draft(approvals_world))


def test_visible_to_shows_a_window_draft_to_the_clerk_in_scope(approvals_world) -> None:
    assert _seen(approvals_world["clerk"], _window_draft(approvals_world))


def test_visible_to_hides_a_window_draft_from_a_clerk_out_of_scope(approvals_world) -> None:
    assert not _seen(approvals_world["clerk_other"], _window_draft(approvals_world))


def test_visible_to_shows_a_submitted_application_to_the_clerk(approvals_world) -> None:
    assert _seen(approvals_world["clerk"], make_submitted(approvals_world))


def test_visible_to_hides_a_draft_withdrawn_before_it_was_submitted(approvals_world) -> None:
    application = application_withdraw(actor=approvals_world["applicant"], application=make_draft(approvals_world))
    assert not _seen(approvals_world["clerk"], application)


def test_visible_to_shows_an_application_withdrawn_after_it_was_submitted(approvals_world) -> None:
    application = application_withdraw(actor=approvals_world["applicant"],
                                       application=make_submitted(approvals_world))
    assert _seen(approvals_world["clerk"], application)


def test_the_case_page_of_an_enterprise_draft_is_not_found_for_the_clerk(client, approvals_world) -> None:
    application = make_draft(approvals_world)
    client.force_login(approvals_world["clerk"])
    assert client.get(reverse("approvals:application", args=[application.pk])).status_code == 404


def test_the_edit_page_of_an_enterprise_draft_is_not_found_for_the_clerk(client, approvals_world) -> None:
    application = make_draft(approvals_world)
    client.force_login(approvals_world["clerk"])
    assert client.get(reverse("approvals:edit", args=[application.pk])).status_code == 404


def test_a_material_of_an_enterprise_draft_is_not_served_to_the_clerk(client, approvals_world) -> None:
    material = make_draft(approvals_world).materials.order_by("pk").first()
    client.force_login(approvals_world["clerk"])
    assert client.get(reverse("approvals:material_file", args=[material.pk])).status_code == 404


def test_the_edit_page_of_a_window_draft_opens_for_the_clerk(client, approvals_world) -> None:
    application = _window_draft(approvals_world)
    client.force_login(approvals_world["clerk"])
    assert client.get(reverse("approvals:edit", args=[application.pk])).status_code == 200


def test_parallel_case_visible_to_hides_an_enterprise_draft_case_from_the_clerk(approvals_world) -> None:
    case = parallel_case_create(actor=approvals_world["applicant"], enterprise=approvals_world["enterprise"],
                                **PROJECT)
    assert not ParallelCase.objects.visible_to(approvals_world["clerk"]).filter(pk=case.pk).exists()


def test_parallel_case_visible_to_shows_a_window_draft_case_to_the_clerk(approvals_world) -> None:
    case = parallel_case_create(actor=approvals_world["clerk"], enterprise=approvals_world["enterprise"], **PROJECT)
    assert ParallelCase.objects.visible_to(approvals_world["clerk"]).filter(pk=case.pk).exists()


def test_the_admin_list_of_applications_leaves_out_an_enterprise_draft(rf, approvals_world) -> None:
    from django.contrib import admin

    draft = make_draft(approvals_world)
    request = rf.get("/admin/approvals/application/")
    request.user = staff(Role.ADMINISTRATOR, None)
    assert not admin.site._registry[Application].get_queryset(request).filter(pk=draft.pk).exists()
