"""The navigation bar: grouped into drop-downs per area of work, only what the role may open."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from firesvc.accounts.roles import Role
from firesvc.core.navigation import nav_for
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db


def _names(entries):  # type: ignore[no-untyped-def]
    return {e["name"] for e in entries if "name" in e} | {c["name"] for e in entries for c in e.get("children", [])}


def test_supervisor_gets_the_supervision_menu(tree):
    entries = nav_for(staff(Role.SUPERVISOR, tree["a"]["detachment"]))

    menu = next(e for e in entries if "children" in e and "audit:list" in e["names"])
    assert {"feedback:review_queue", "feedback:complaints", "sla:board"} <= set(menu["names"])


def test_a_group_with_one_link_for_the_role_is_a_plain_link(tree):
    entries = nav_for(staff(Role.SUPERVISOR, tree["a"]["detachment"]))

    three_ones = [e for e in entries if e.get("name") == "approvals:three_ones"]
    assert len(three_ones) == 1
    assert "children" not in three_ones[0]


def test_enterprise_user_sees_no_staff_pages(tree):
    names = _names(nav_for(enterprise_user(EnterpriseFactory(brigade=tree["a"]["brigade"]))))

    assert "approvals:my_applications" in names
    assert not names & {"approvals:worklist", "feedback:complaints", "stats:dashboard", "audit:list"}


def test_anonymous_visitor_gets_no_bar(db):
    from django.contrib.auth.models import AnonymousUser

    assert nav_for(AnonymousUser()) == []


def test_bar_marks_the_open_page_and_its_menu_active(client, tree):
    # given a window clerk on the worklist
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    html = client.get(reverse("approvals:worklist")).content.decode()
    # then the worklist's link and the menu holding it are active, a sibling link is not
    assert f'<a class="dropdown-item active" href="{reverse("approvals:worklist")}">' in html
    assert '<a class="nav-link dropdown-toggle active" href="#" role="button"' in html
    assert f'<a class="dropdown-item" href="{reverse("approvals:consultations")}">' in html
    # and on another page, nothing of that menu is
    html = client.get(reverse("ping")).content.decode()
    assert f'<a class="dropdown-item" href="{reverse("approvals:worklist")}">' in html
    assert "dropdown-toggle active" not in html


def test_bar_follows_the_language(client, tree):
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Worklist</a>" in client.get(reverse("ping")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert ">待办事项</a>" in client.get(reverse("ping")).content.decode()
