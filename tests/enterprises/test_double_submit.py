"""A double click stores one record (issue 23 §2): an enterprise registered, an enterprise user signing up."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.roles import Role
from firesvc.identifiers import make_uscc
from tests.enterprises.test_enterprise_pages import _form
from tests.factories import staff
from tests.firesvc.submitting import post_twice

pytestmark = pytest.mark.django_db


def test_an_enterprise_registered_twice_is_one_enterprise_and_both_answers_show_it(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    first, second = post_twice(client, reverse("enterprises:create"), _form(tree))
    enterprise = Enterprise.objects.get(name="沈阳盛京商贸有限公司")
    assert first["Location"] == second["Location"] == reverse("enterprises:detail", args=[enterprise.pk])


def test_a_signup_sent_twice_makes_one_account(tree) -> None:
    data = {
        "username": "newco", "full_name": "孙立新", "phone": "13912345678", "email": "", "password1": "Xk3-pq9-vv2",
        "password2": "Xk3-pq9-vv2", "uscc": make_uscc("91210106", "77778888"), "position": "经办人",
        "enterprise_name": "新公司", "legal_representative": "孙某", "address": "铁西区1号",
        "brigade": tree["a"]["brigade"].pk,
    }
    first, second = post_twice(Client(), reverse("enterprises:signup"), data)
    assert EnterpriseAccount.objects.filter(user__username="newco").count() == 1
    assert first["Location"] == reverse("enterprises:mine")
    assert second.status_code == 302  # signed in by the first: no "username taken" error
