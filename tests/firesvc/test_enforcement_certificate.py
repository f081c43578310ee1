"""An officer's 执法证号 (law-enforcement certificate number) on the staff profile, kept by administrators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firesvc.accounts.roles import Role
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_a_new_officer_has_no_certificate_number(tree) -> None:  # type: ignore[no-untyped-def]
    assert staff(Role.REVIEWER, tree["a"]["brigade"]).enforcement_certificate == ""


def test_the_users_admin_page_offers_the_certificate_number(client, tree) -> None:  # type: ignore[no-untyped-def]
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    form = client.get(reverse("admin:accounts_user_change", args=[officer.pk])).content.decode()
    assert 'name="enforcement_certificate"' in form
