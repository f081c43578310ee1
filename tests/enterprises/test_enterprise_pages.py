from __future__ import annotations

import pytest
from django.urls import reverse

from enterprises.enums import AccountStatus
from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.identifiers import make_uscc
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db


def _form(tree, **overrides: object) -> dict[str, object]:
    data = {
        "name": "沈阳盛京商贸有限公司", "uscc": make_uscc("91210106", "55554444"), "legal_representative": "王建华",
        "contact_name": "李海燕", "contact_phone": "13800138000", "address": "铁西区北二路1号",
        "brigade": tree["a"]["brigade"].pk, "grid": "", "industry": "retail", "risk_tier": "medium",
        "is_key_unit": "on",
    }
    data.update(overrides)
    return data


def test_clerk_registers_an_enterprise_and_the_change_is_audited(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    response = client.post(reverse("enterprises:create"), _form(tree))
    enterprise = Enterprise.objects.get(name="沈阳盛京商贸有限公司")
    assert response["Location"] == reverse("enterprises:detail", args=[enterprise.pk])
    assert enterprise.is_key_unit
    assert enterprise.brigade == tree["a"]["brigade"]
    assert AuditEvent.objects.filter(action="enterprise.create", object_id=str(enterprise.pk)).exists()


def test_a_wrong_credit_code_is_refused_with_a_clear_message_and_the_input_kept(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    bad = make_uscc("91210106", "55554444")[:17] + "0"
    response = client.post(reverse("enterprises:create"), _form(tree, uscc=bad))
    page = response.content.decode()
    assert response.status_code == 200
    assert "最后一位（校验码）错误" in page
    assert "沈阳盛京商贸有限公司" in page  # nothing typed is lost
    assert not Enterprise.objects.filter(uscc=bad).exists()


def test_a_duplicate_credit_code_is_refused(client, tree) -> None:
    existing = EnterpriseFactory(brigade=tree["a"]["brigade"])
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    response = client.post(reverse("enterprises:create"), _form(tree, uscc=existing.uscc))
    assert "已登记" in response.content.decode()
    assert Enterprise.objects.filter(uscc=existing.uscc).count() == 1


def test_a_clerk_cannot_register_an_enterprise_in_another_detachment(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    response = client.post(reverse("enterprises:create"), _form(tree, brigade=tree["b"]["brigade"].pk))
    assert response.status_code == 200  # the other brigade is not a valid choice
    assert not Enterprise.objects.filter(brigade=tree["b"]["brigade"]).exists()


def test_editing_an_enterprise_records_the_changed_fields(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"], name="旧名称")
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    client.post(reverse("enterprises:edit", args=[enterprise.pk]), _form(tree, uscc=enterprise.uscc, name="新名称"))
    enterprise.refresh_from_db()
    event = AuditEvent.objects.get(action="enterprise.update", object_id=str(enterprise.pk))
    assert enterprise.name == "新名称"
    assert event.data["changes"]["name"] == ["旧名称", "新名称"]


def test_a_reviewer_cannot_edit_enterprises(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    client.force_login(staff(Role.REVIEWER, tree["a"]["brigade"]))
    assert client.get(reverse("enterprises:edit", args=[enterprise.pk])).status_code == 403


def test_the_list_filters_by_key_unit_and_text(client, tree) -> None:
    EnterpriseFactory(brigade=tree["a"]["brigade"], name="甲重点", is_key_unit=True)
    EnterpriseFactory(brigade=tree["a"]["brigade"], name="乙普通", is_key_unit=False)
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    page = client.get(reverse("enterprises:list"), {"is_key_unit": "true"}).content.decode()
    assert "甲重点" in page
    assert "乙普通" not in page
    page = client.get(reverse("enterprises:list"), {"q": "乙"}).content.decode()
    assert "乙普通" in page
    assert "甲重点" not in page


def _signup(client, tree, **overrides: object):  # type: ignore[no-untyped-def]
    data = {
        "username": "newco", "full_name": "孙立新", "phone": "13912345678", "email": "", "password1": "Xk3-pq9-vv2",
        "password2": "Xk3-pq9-vv2", "uscc": make_uscc("91210106", "77778888"), "position": "经办人",
        "enterprise_name": "新公司", "legal_representative": "孙某", "address": "铁西区1号",
        "brigade": tree["a"]["brigade"].pk,
    }
    data.update(overrides)
    return client.post(reverse("enterprises:signup"), data)


def test_signup_creates_a_pending_account_bound_to_the_enterprise(client, tree) -> None:
    response = _signup(client, tree)
    account = EnterpriseAccount.objects.get(user__username="newco")
    assert response["Location"] == reverse("enterprises:mine")
    assert account.status == AccountStatus.PENDING
    assert not account.can_file
    assert account.enterprise.name == "新公司"


def test_signup_with_a_registered_code_binds_to_the_existing_enterprise(client, tree) -> None:
    existing = EnterpriseFactory(brigade=tree["a"]["brigade"])
    _signup(client, tree, uscc=existing.uscc, enterprise_name="", legal_representative="", address="", brigade="")
    assert EnterpriseAccount.objects.get(user__username="newco").enterprise == existing


def test_signup_errors_are_clear_and_keep_the_input(client, tree) -> None:
    response = _signup(client, tree, phone="123", password2="other", enterprise_name="")
    page = response.content.decode()
    assert "11位手机号码" in page
    assert "密码不一致" in page
    assert "尚未登记" in page
    assert 'value="孙立新"' in page
    assert not EnterpriseAccount.objects.exists()


def test_a_clerk_verifies_an_account_in_scope(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    applicant = enterprise_user(enterprise, status=AccountStatus.PENDING)
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    account = applicant.enterprise_account
    client.post(reverse("enterprises:account_decide", args=[account.pk, "verify"]))
    account.refresh_from_db()
    assert account.status == AccountStatus.VERIFIED
    assert account.can_file
    assert AuditEvent.objects.filter(action="enterprise_account.verified", object_id=str(account.pk)).exists()


def test_rejecting_needs_a_reason(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    account = enterprise_user(enterprise, status=AccountStatus.PENDING).enterprise_account
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    response = client.post(reverse("enterprises:account_decide", args=[account.pk, "reject"]), {"reason": ""},
                           follow=True)
    account.refresh_from_db()
    assert account.status == AccountStatus.PENDING
    assert "请填写理由" in response.content.decode()


def test_a_clerk_of_another_detachment_cannot_verify(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    account = enterprise_user(enterprise, status=AccountStatus.PENDING).enterprise_account
    client.force_login(staff(Role.WINDOW_CLERK, tree["b"]["brigade"]))
    response = client.post(reverse("enterprises:account_decide", args=[account.pk, "verify"]))
    account.refresh_from_db()
    assert response.status_code == 404
    assert account.status == AccountStatus.PENDING


def test_the_applicant_is_told_in_the_inbox_when_the_account_is_verified(client, tree) -> None:
    from firesvc.notifications.models import Notification

    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    account = enterprise_user(enterprise, status=AccountStatus.PENDING).enterprise_account
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    client.post(reverse("enterprises:account_decide", args=[account.pk, "verify"]))
    assert Notification.objects.get(recipient=account.user).kind == "account_verified"


@pytest.mark.parametrize("status", [AccountStatus.PENDING, AccountStatus.REJECTED])
def test_an_unverified_claimant_cannot_open_the_enterprise_record(client, tree, status) -> None:
    # given someone who signed up against a published credit code, not (yet) verified by staff
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"], contact_phone="13911112222")
    client.force_login(enterprise_user(enterprise, status=status))
    # then the enterprise's record (contacts, grid, risk tier) stays closed to them
    assert client.get(reverse("enterprises:detail", args=[enterprise.pk])).status_code == 404
    assert not Enterprise.objects.visible_to(EnterpriseAccount.objects.get(enterprise=enterprise).user).exists()
    # and their account page shows the registry data and the waiting notice, not the contacts
    page = client.get(reverse("enterprises:mine")).content.decode()
    assert enterprise.uscc in page
    assert "13911112222" not in page


def test_a_verified_user_opens_their_enterprise_record(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"], contact_phone="13911112222")
    client.force_login(enterprise_user(enterprise))
    assert "13911112222" in client.get(reverse("enterprises:detail", args=[enterprise.pk])).content.decode()


def test_the_verification_queue_names_the_applicant_without_the_login_name(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    applicant = enterprise_user(enterprise, status=AccountStatus.PENDING)
    applicant.username, applicant.full_name = "login_zhao", "赵一鸣"
    applicant.save()
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    page = client.get(reverse("enterprises:account_queue")).content.decode()
    assert "赵一鸣" in page
    assert "login_zhao" not in page


def test_the_enterprise_record_lists_its_users_without_their_login_names(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    applicant = enterprise_user(enterprise, status=AccountStatus.VERIFIED)
    applicant.username, applicant.full_name = "login_qian", "钱二宝"
    applicant.save()
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    page = client.get(reverse("enterprises:detail", args=[enterprise.pk])).content.decode()
    assert "钱二宝" in page
    assert "login_qian" not in page
