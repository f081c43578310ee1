"""The administrator's account pages speak of roles and people, not of group codes and login names."""

from __future__ import annotations

import pytest
from django.test import Client

from firesvc.accounts.roles import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _administrator_client() -> Client:
    client = Client()
    client.force_login(staff(Role.ADMINISTRATOR, None, username="root-login", full_name="系统管理员",
                             is_staff=True, is_superuser=True))
    return client


def test_the_account_list_filters_by_role_names_not_group_codes(tree) -> None:
    staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    page = _administrator_client().get("/admin/accounts/user/").content.decode()
    assert "窗口受理员</a>" in page
    assert "window_clerk</a>" not in page


def test_the_account_form_offers_roles_by_name(tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    page = _administrator_client().get(f"/admin/accounts/user/{clerk.pk}/change/").content.decode()
    assert "窗口受理员</option>" in page
    assert "window_clerk</option>" not in page


def test_the_admin_greets_the_administrator_by_name_not_login_name() -> None:
    page = _administrator_client().get("/admin/").content.decode()
    assert "<strong>系统管理员</strong>" in page
    assert "root-login" not in page


def test_the_account_form_names_permissions_by_model_and_action(tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    page = _administrator_client().get(f"/admin/accounts/user/{clerk.pk}/change/").content.decode()
    assert "组织与人员 | 用户 | 查看</option>" in page
    assert "Can view user</option>" not in page


def test_the_group_list_names_the_roles(tree) -> None:
    staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    page = _administrator_client().get("/admin/auth/group/").content.decode()
    assert "窗口受理员</a>" in page
    assert "window_clerk</a>" not in page
