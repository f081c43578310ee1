from __future__ import annotations

import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from tests.factories import PASSWORD, EnterpriseFactory, UserFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db


def test_visible_to_gives_staff_their_unit_and_the_units_below(tree) -> None:
    # given a detachment supervisor and a brigade clerk of 甲, and an enterprise in each detachment
    own = EnterpriseFactory(brigade=tree["a"]["brigade"])
    other = EnterpriseFactory(brigade=tree["b"]["brigade"])
    supervisor = staff(Role.SUPERVISOR, tree["a"]["detachment"])
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    # then both see 甲's enterprise and neither sees 乙's
    for user in (supervisor, clerk):
        assert list(Enterprise.objects.visible_to(user)) == [own]
        assert other not in Enterprise.objects.visible_to(user)


def test_visible_to_gives_a_grid_manager_only_the_enterprises_of_their_grid(tree) -> None:
    in_grid = EnterpriseFactory(brigade=tree["a"]["brigade"], grid=tree["a"]["grid"])
    EnterpriseFactory(brigade=tree["a"]["brigade"], grid=None)
    grid_manager = staff(Role.GRID_MANAGER, tree["a"]["grid"])
    assert list(Enterprise.objects.visible_to(grid_manager)) == [in_grid]


def test_visible_to_gives_an_administrator_everything(tree) -> None:
    EnterpriseFactory(brigade=tree["a"]["brigade"])
    EnterpriseFactory(brigade=tree["b"]["brigade"])
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assert Enterprise.objects.visible_to(admin).count() == 2


def test_visible_to_gives_staff_without_a_unit_nothing(tree) -> None:
    EnterpriseFactory(brigade=tree["a"]["brigade"])
    assert Enterprise.objects.visible_to(staff(Role.WINDOW_CLERK, None)).count() == 0


def test_org_units_visible_to_a_brigade_are_its_subtree(tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    visible = set(OrgUnit.objects.visible_to(clerk))
    assert visible == {tree["a"][k] for k in ("brigade", "subdistrict", "community", "grid")}


def test_clerk_of_another_detachment_cannot_open_an_enterprise(client, tree) -> None:
    # given a 沈阳-like enterprise and a clerk of the other detachment
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    clerk_other = staff(Role.WINDOW_CLERK, tree["b"]["brigade"])
    client.force_login(clerk_other)
    # when the clerk opens its page, edits it or lists enterprises
    detail = client.get(reverse("enterprises:detail", args=[enterprise.pk]))
    edit = client.post(reverse("enterprises:edit", args=[enterprise.pk]), {"name": "改名"})
    listing = client.get(reverse("enterprises:list"))
    # then it is not found, unchanged and not listed
    assert detail.status_code == 404
    assert edit.status_code == 404
    enterprise.refresh_from_db()
    assert enterprise.name != "改名"
    assert enterprise.name not in listing.content.decode()


def test_enterprise_user_cannot_open_another_enterprise(client, tree) -> None:
    own = EnterpriseFactory(brigade=tree["a"]["brigade"])
    other = EnterpriseFactory(brigade=tree["a"]["brigade"])
    user_b = enterprise_user(own)
    client.force_login(user_b)
    assert client.get(reverse("enterprises:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("enterprises:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("enterprises:list")).status_code == 403


@pytest.mark.parametrize("name", ["enterprises:list", "enterprises:mine", "enterprises:account_queue", "audit:list"])
def test_anonymous_users_are_sent_to_login(client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_form_signs_in_with_username_and_password(client, tree) -> None:
    staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="window1")
    response = client.post(reverse("login"), {"username": "window1", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # on to the desk, so signed in


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.WINDOW_CLERK, "/desk/window_clerk/"),
        (Role.REVIEWER, "/desk/reviewer/"),
        (Role.APPROVER, "/desk/approver/"),
        (Role.SUPERVISOR, "/desk/supervisor/"),
        (Role.GRID_MANAGER, "/desk/grid_manager/"),
        (Role.ADMINISTRATOR, "/desk/administrator/"),
    ],
)
def test_each_staff_role_lands_on_its_own_desk(client, tree, role: str, landing: str) -> None:
    client.force_login(staff(role, tree["a"]["brigade"]))
    response = client.get(reverse("home"))
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_enterprise_user_lands_on_their_cases(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    client.force_login(enterprise_user(enterprise))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("approvals:my_applications")
    assert enterprise.name in response.content.decode()


def test_a_role_desk_of_a_role_the_user_lacks_is_refused(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    assert client.get("/desk/supervisor/").status_code == 403
