"""The list and form pages of visits, forums and suggestions render their records (E3–E5)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import SuggestionSource, VisitStatus
from enterprises.models import Visit
from enterprises.services.forums import Attendee, forum_create
from enterprises.services.suggestions import suggestion_create
from enterprises.services.visits import visit_plan, visit_record
from tests.enterprises.visit_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_visit_list_shows_done_visits(client, world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY, needs="咨询验收")
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:visits")).content.decode()
    assert f'data-visit="{visit.pk}"' in body
    assert "咨询验收" in body


def test_the_plan_page_puts_a_visit_on_the_plan(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    day = TODAY + datetime.timedelta(days=3)
    response = client.post(reverse("enterprises:visit_plan", args=[world["enterprise"].pk]),
                           {"planned_for": day.isoformat(), "method": "on_site"})
    assert response["Location"] == reverse("enterprises:timeline", args=[world["enterprise"].pk])
    assert Visit.objects.get().planned_for == day


def test_the_plan_page_refuses_a_past_date_and_keeps_it(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    day = (TODAY - datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("enterprises:visit_plan", args=[world["enterprise"].pk]),
                           {"planned_for": day, "method": "on_site"})
    assert day in response.content.decode()
    assert not Visit.objects.exists()


def _due_in(enterprise, days: int) -> None:  # type: ignore[no-untyped-def]
    type(enterprise).objects.filter(pk=enterprise.pk).update(next_visit_due=TODAY + datetime.timedelta(days=days))


def test_the_plan_page_warns_about_a_late_date_with_the_confirmation_box(client, world) -> None:  # type: ignore[no-untyped-def]
    _due_in(world["enterprise"], 10)
    client.force_login(world["officer"])
    day = (TODAY + datetime.timedelta(days=40)).isoformat()
    response = client.post(reverse("enterprises:visit_plan", args=[world["enterprise"].pk]),
                           {"planned_for": day, "method": "on_site"})
    page = response.content.decode()
    assert 'type="checkbox" name="confirm_late"' in page
    assert day in page
    assert not Visit.objects.exists()


def test_the_plan_page_plans_a_late_date_once_confirmed(client, world) -> None:  # type: ignore[no-untyped-def]
    _due_in(world["enterprise"], 10)
    client.force_login(world["officer"])
    day = TODAY + datetime.timedelta(days=40)
    client.post(reverse("enterprises:visit_plan", args=[world["enterprise"].pk]),
                {"planned_for": day.isoformat(), "method": "on_site", "confirm_late": "on"})
    assert Visit.objects.get().planned_for == day


def test_the_visit_page_cancels_a_planned_visit(client, world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY)
    client.force_login(world["officer"])
    client.post(reverse("enterprises:visit_cancel", args=[visit.pk]), {"reason": "企业停业"})
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED


def test_the_suggestion_queue_lists_open_suggestions(client, world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                          content="希望开通网上预约")
    client.force_login(world["clerk"])
    body = client.get(reverse("enterprises:suggestions")).content.decode()
    assert f'data-suggestion="{s.pk}"' in body


def test_the_suggestion_queue_leaves_out_other_units(client, world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                          content="希望开通网上预约")
    client.force_login(world["other_officer"])
    body = client.get(reverse("enterprises:suggestions")).content.decode()
    assert f'data-suggestion="{s.pk}"' not in body


def test_the_forum_list_shows_the_forum(client, world) -> None:  # type: ignore[no-untyped-def]
    forum = forum_create(actor=world["officer"], unit=world["brigade"], held_on=TODAY, place="会议室", topic="座谈",
                         attendees=[Attendee(world["enterprise"], "孙立新")])
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:forums")).content.decode()
    assert f'data-forum="{forum.pk}"' in body
