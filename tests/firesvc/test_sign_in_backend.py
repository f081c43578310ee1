"""The portal's sign-in backend (firesvc.accounts.backends.PortalModelBackend): the user comes with their
unit; sessions are read from the cache and kept in the database."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from tests.factories import PASSWORD, staff, unit_chain

pytestmark = pytest.mark.django_db


def test_signed_in_clerk_has_the_unit_loaded_with_the_user(client) -> None:
    # given a clerk who signed in through the sign-in form
    brigade = unit_chain("bk")["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    # when they open a page
    response = client.get(reverse("ping"))
    # then the request's user came with the unit (no query of its own) and the bar names it
    user = response.wsgi_request.user
    assert user.pk == clerk.pk
    assert User.unit.is_cached(user)
    assert brigade.name in response.content.decode()


def test_minimal_signed_in_page_takes_three_queries(client, django_assert_num_queries) -> None:
    # user with unit, roles, unread notifications; the session comes from the cache
    clerk = staff(Role.WINDOW_CLERK, unit_chain("bq")["brigade"])
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    client.get(reverse("ping"))
    with django_assert_num_queries(3):
        client.get(reverse("ping"))


def test_deactivated_user_is_signed_out_on_the_next_request(client) -> None:
    clerk = staff(Role.WINDOW_CLERK, unit_chain("bd")["brigade"])
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    assert not client.get(reverse("ping")).wsgi_request.user.is_authenticated


def test_session_survives_a_flushed_cache(client) -> None:
    # given a signed-in clerk
    clerk = staff(Role.WINDOW_CLERK, unit_chain("bf")["brigade"])
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    # when the cache is emptied (Redis flushed or restarted)
    cache.clear()
    # then the session is read back from the database: still signed in
    assert client.get(reverse("ping")).wsgi_request.user.pk == clerk.pk


def test_sign_out_ends_the_cached_session(client) -> None:
    clerk = staff(Role.WINDOW_CLERK, unit_chain("bo")["brigade"])
    client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = cookie  # the old cookie replayed
    assert not client.get(reverse("ping")).wsgi_request.user.is_authenticated
