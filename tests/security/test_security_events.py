"""Security event log: sign-in, failure, sign-out, denied access; append-only; who may read it."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext

from firesvc.accounts.roles import Role
from firesvc.security.models import AppendOnlyError, SecurityEvent, SecurityEventKind
from tests.factories import PASSWORD, UserFactory, staff

pytestmark = pytest.mark.django_db


def _kinds() -> list[str]:
    return list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))


def test_a_sign_in_through_the_form_is_recorded_with_user_and_address(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN)
    assert event.user == clerk
    assert event.username == clerk.username
    assert event.ip_address == "10.1.2.3"
    assert event.path == "/accounts/login/"
    assert event.unit == tree["a"]["brigade"]


def test_a_failed_sign_in_is_recorded_with_the_username_typed_and_no_password(client) -> None:
    client.post(reverse("login"), {"username": "nobody", "password": "guess-123"}, REMOTE_ADDR="10.9.9.9")
    event = SecurityEvent.objects.get()
    assert event.kind == SecurityEventKind.LOGIN_FAILED
    assert event.username == "nobody"
    assert event.user is None
    assert event.ip_address == "10.9.9.9"
    assert "guess-123" not in str(event.detail)


def test_a_sign_out_is_recorded(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    client.force_login(clerk)
    client.post(reverse("logout"))
    assert _kinds() == [SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT]
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOGOUT).user == clerk


def test_permission_denied_is_recorded_as_access_denied(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    client.force_login(clerk)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_DENIED)
    assert event.user == clerk
    assert event.path == reverse("audit:list")
    assert event.method == "GET"
    assert event.request_id == response["X-Request-ID"]


def test_an_allowed_page_records_nothing_more_than_the_sign_in(client, tree) -> None:
    supervisor = staff(Role.SUPERVISOR, tree["a"]["detachment"])
    client.force_login(supervisor)
    assert client.get(reverse("audit:list")).status_code == 200
    assert _kinds() == [SecurityEventKind.LOGIN]


def test_security_events_cannot_be_changed_or_deleted() -> None:
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="x")
    event.username = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.update(username="z")
    assert SecurityEvent.objects.get().username == "x"


def test_deleting_a_user_keeps_their_events(tree) -> None:
    user = UserFactory()
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, user=user, username=user.username)
    user.delete()
    event = SecurityEvent.objects.get()
    assert event.user is None
    assert event.username.startswith("user")


def test_the_event_page_shows_a_supervisor_only_events_of_their_scope(client, tree) -> None:
    mine = staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="clerk-a")
    other = staff(Role.WINDOW_CLERK, tree["b"]["brigade"], username="clerk-b")
    for user in (mine, other):
        SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, user=user, username=user.username,
                                     unit=user.unit)
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="stranger")
    client.force_login(staff(Role.SUPERVISOR, tree["a"]["detachment"]))
    page = client.get(reverse("security:events")).content.decode()
    assert mine.display_name in page
    assert other.display_name not in page
    assert "stranger" not in page


def test_the_event_page_names_people_not_their_login_names(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="clerk-login", full_name="王晓丽")
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, user=clerk, username=clerk.username, unit=clerk.unit)
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="typed-by-someone")
    client.force_login(staff(Role.ADMINISTRATOR, None))
    page = client.get(reverse("security:events")).content.decode()
    assert "王晓丽" in page
    assert "clerk-login" not in page
    assert "typed-by-someone" in page  # no account has it: what was typed is all there is


def test_a_failed_sign_in_of_an_existing_account_is_recorded_as_that_accounts_event(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="clerk-login")
    client.post(reverse("login"), {"username": "clerk-login", "password": "wrong-guess"}, REMOTE_ADDR="10.9.9.9")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_FAILED)
    assert event.user == clerk
    assert event.unit == tree["a"]["brigade"]
    assert event.username == "clerk-login"


def test_the_event_page_names_the_holder_of_an_account_whose_sign_in_failed(client, tree) -> None:
    staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="clerk-login", full_name="王晓丽")
    client.post(reverse("login"), {"username": "clerk-login", "password": "wrong-guess"})
    client.force_login(staff(Role.SUPERVISOR, tree["a"]["detachment"]))
    page = client.get(reverse("security:events"), {"kind": "login_failed"}).content.decode()
    assert "王晓丽" in page
    assert "clerk-login" not in page


def test_the_event_page_names_the_account_of_a_failed_sign_in_recorded_without_it(client, tree) -> None:
    staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="clerk-login", full_name="王晓丽")
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="clerk-login")  # recorded before
    client.force_login(staff(Role.ADMINISTRATOR, None))
    page = client.get(reverse("security:events")).content.decode()
    assert "王晓丽" in page
    assert "clerk-login" not in page


def test_the_event_page_labels_a_login_name_no_account_has_as_unknown(client, tree) -> None:
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="typed-by-someone")
    client.force_login(staff(Role.ADMINISTRATOR, None))
    page = client.get(reverse("security:events")).content.decode()
    assert gettext("Unknown account: %(username)s") % {"username": "typed-by-someone"} in page


def test_the_event_page_shows_an_administrator_everything_and_filters_by_kind(client, tree) -> None:
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="someone-in")
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="stranger")
    client.force_login(staff(Role.ADMINISTRATOR, None))
    page = client.get(reverse("security:events"), {"kind": "login_failed"}).content.decode()
    assert "stranger" in page
    assert "someone-in" not in page
    # an unknown kind is ignored, not an error
    assert "someone-in" in client.get(reverse("security:events"), {"kind": "junk", "before": "x"}).content.decode()


def test_the_event_page_is_refused_to_other_roles(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    assert client.get(reverse("security:events")).status_code == 403


def test_the_admin_lists_events_read_only_for_administrators_only(client, tree) -> None:
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, username="stranger")
    event = SecurityEvent.objects.get()
    administrator = staff(Role.ADMINISTRATOR, None, is_staff=True)
    client.force_login(administrator)
    listing = client.get(reverse("admin:security_securityevent_changelist"))
    assert listing.status_code == 200
    assert "stranger" in listing.content.decode()
    detail = client.get(reverse("admin:security_securityevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'type="submit"' not in detail.content.decode().split("<form")[-1]
    deleting = client.post(reverse("admin:security_securityevent_delete", args=[event.pk]), {"post": "yes"})
    assert deleting.status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_lists_events_by_the_name_of_the_person_not_the_login_name(client, tree) -> None:
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"], username="clerk-login", full_name="王晓丽")
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, user=clerk, username=clerk.username, unit=clerk.unit)
    client.force_login(staff(Role.ADMINISTRATOR, None, is_staff=True))
    listing = client.get(reverse("admin:security_securityevent_changelist")).content.decode()
    assert "王晓丽" in listing
    assert "clerk-login" not in listing


def test_the_admin_hides_events_from_staff_who_are_not_administrators(client, tree) -> None:
    supervisor = staff(Role.SUPERVISOR, tree["a"]["detachment"], is_staff=True)
    client.force_login(supervisor)
    assert client.get(reverse("admin:security_securityevent_changelist")).status_code == 403


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_recorded(client) -> None:
    client.post(reverse("login"), {"username": "nobody", "password": "x"},
                REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert SecurityEvent.objects.get().ip_address == "203.0.113.7"


def test_a_csrf_failure_is_recorded_as_access_denied() -> None:
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"},
                                                     REMOTE_ADDR="10.7.7.7")
    assert response.status_code == 403
    event = SecurityEvent.objects.get()
    assert event.kind == SecurityEventKind.ACCESS_DENIED
    assert event.ip_address == "10.7.7.7"
