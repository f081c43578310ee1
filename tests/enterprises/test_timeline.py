from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import SuggestionSource
from enterprises.selectors.timeline import enterprise_timeline
from enterprises.services.suggestions import suggestion_create
from enterprises.services.visits import HazardFound, visit_record
from firesvc.accounts.roles import Role
from tests.enterprises.visit_world import world_fixture  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _history(world, n: int = 1) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        visit_record(actor=world["officer"], enterprise=world["enterprise"],
                     visited_on=TODAY - datetime.timedelta(days=30 * i + 1), hazards=[HazardFound(f"隐患{i}")],
                     suggestions=[f"建议{i}"], training_topic=f"培训{i}")


def _filing(world) -> None:  # type: ignore[no-untyped-def]
    from approvals.models import Application, Matter

    matter = Matter.objects.first()
    if matter is None:
        from approvals.catalogue import load_catalogue
        from approvals.models import MaterialRequirement

        load_catalogue(Matter, MaterialRequirement)
        matter = Matter.objects.first()
    Application.objects.create(
        matter=matter, enterprise=world["enterprise"], brigade=world["brigade"], applicant=world["user"],
        project_name="盛京商贸综合楼", project_address="沈阳市铁西区", building_area=Decimal("1000"),
        building_height=Decimal("20"), floors=5, use="commercial", contact_name="孙立新", contact_phone="139",
        submitted_at=timezone.now())  # submitted: staff do not see the enterprise's own drafts


def test_the_timeline_shows_every_kind_of_record(world) -> None:  # type: ignore[no-untyped-def]
    _history(world)
    _filing(world)
    kinds = {e.kind for e in enterprise_timeline(world["enterprise"], user=world["officer"])}
    assert kinds == {"visit", "suggestion", "hazard", "filing", "training"}


def test_the_timeline_is_in_date_order_newest_first(world) -> None:  # type: ignore[no-untyped-def]
    _history(world, 2)
    whens = [e.when for e in enterprise_timeline(world["enterprise"], user=world["officer"])]
    assert whens == sorted(whens, reverse=True)


def test_the_timeline_takes_a_constant_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    _history(world, 1)
    with CaptureQueriesContext(connection) as one:
        enterprise_timeline(world["enterprise"], user=world["officer"])
    _history(world, 4)
    with CaptureQueriesContext(connection) as five:
        entries = enterprise_timeline(world["enterprise"], user=world["officer"])
    assert len(entries) >= 20
    assert len(five) == len(one)


def test_the_timeline_filters_by_kind(world) -> None:  # type: ignore[no-untyped-def]
    _history(world)
    entries = enterprise_timeline(world["enterprise"], user=world["officer"], kinds={"hazard"})
    assert [e.kind for e in entries] == ["hazard"]


def test_the_timeline_leaves_visits_out_for_an_enterprise_user(world) -> None:  # type: ignore[no-untyped-def]
    _history(world)
    kinds = {e.kind for e in enterprise_timeline(world["enterprise"], user=world["user"])}
    assert "visit" not in kinds
    assert "suggestion" in kinds


def test_the_timeline_page_lists_the_records(client, world) -> None:  # type: ignore[no-untyped-def]
    suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                      content="希望开通网上预约")
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:timeline", args=[world["enterprise"].pk])).content.decode()
    assert 'data-timeline-kind="suggestion"' in body
    assert "希望开通网上预约" in body


def test_the_timeline_of_another_units_enterprise_is_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["other_officer"])
    assert client.get(reverse("enterprises:timeline", args=[world["enterprise"].pk])).status_code == 404


def test_an_enterprise_user_cannot_open_the_staff_timeline(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["user"])
    assert client.get(reverse("enterprises:timeline", args=[world["enterprise"].pk])).status_code == 403


def test_a_supervisor_of_the_detachment_sees_the_timeline(client, world) -> None:  # type: ignore[no-untyped-def]
    supervisor = UserFactory(roles=[Role.SUPERVISOR], unit=world["tree"]["a"]["detachment"])
    client.force_login(supervisor)
    assert client.get(reverse("enterprises:timeline", args=[world["enterprise"].pk])).status_code == 200


def test_the_timeline_shows_the_receipt_of_an_enforcement_act(world) -> None:  # type: ignore[no-untyped-def]
    from tests.feedback.supervision_helpers import make_act

    act = make_act(unit=world["brigade"], officer=world["officer"], enterprise=world["enterprise"],
                   when=timezone.now() - datetime.timedelta(days=1))
    receipts = [e for e in enterprise_timeline(world["enterprise"], user=world["officer"]) if e.kind == "receipt"]
    assert [e.title.split(" · ")[0] for e in receipts] == [act.receipt.number]


def test_the_enterprise_page_links_staff_to_the_timeline(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])

    page = client.get(reverse("enterprises:detail", args=[world["enterprise"].pk])).content.decode()

    assert reverse("enterprises:timeline", args=[world["enterprise"].pk]) in page


# --- pages (a busy enterprise is read a page at a time) ---------------------------------------------------------------


def _busy(world, visits: int = 12, suggestions: int = 9) -> None:  # type: ignore[no-untyped-def]
    """Visits on few days (several on the same day) and suggestions: many records, ties on the visit days."""
    from enterprises.models import Suggestion, Visit

    Visit.objects.bulk_create([
        Visit(enterprise=world["enterprise"], unit=world["brigade"], staff=world["officer"], status="done",
              visited_on=TODAY - datetime.timedelta(days=i // 3)) for i in range(visits)])
    Suggestion.objects.bulk_create([
        Suggestion(number=f"T-{i}", unit=world["brigade"], enterprise=world["enterprise"], source="visit",
                   submitter_name="李", content=f"建议{i}") for i in range(suggestions)])


def _all_pages(world, page_size: int) -> list[list]:  # type: ignore[no-untyped-def]
    from enterprises.selectors.timeline import timeline_page

    pages, before = [], ""
    while True:
        page = timeline_page(world["enterprise"], user=world["officer"], before=before, page_size=page_size)
        pages.append(page.entries)
        if not page.older:
            return pages
        before = page.older


def test_the_timeline_pages_hold_every_record_once_in_order(world) -> None:  # type: ignore[no-untyped-def]
    _busy(world)
    whole = enterprise_timeline(world["enterprise"], user=world["officer"], page_size=1000)
    pages = _all_pages(world, page_size=4)
    assert len(pages) > 3
    assert [e for page in pages for e in page] == whole


def test_a_page_takes_every_record_of_the_moment_it_ends_on(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.selectors.timeline import timeline_page

    _busy(world, visits=6, suggestions=0)  # three visits today (one moment), three yesterday
    first = timeline_page(world["enterprise"], user=world["officer"], page_size=2)
    second = timeline_page(world["enterprise"], user=world["officer"], page_size=2, before=first.older)
    assert ({e.day for e in first.entries}, len(first.entries)) == ({TODAY}, 3)
    assert ({e.day for e in second.entries}, len(second.entries)) == ({TODAY - datetime.timedelta(days=1)}, 3)


def test_the_first_page_is_the_newest_page_size_records(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.selectors.timeline import timeline_page

    _busy(world, visits=0, suggestions=9)
    page = timeline_page(world["enterprise"], user=world["officer"], page_size=5)
    assert len(page.entries) == 5
    assert page.older


def _spread(world, visits: int, suggestions: int) -> None:  # type: ignore[no-untyped-def]
    """Visits one a day and suggestions every eight hours, going back from yesterday: both kinds on every page."""
    from enterprises.models import Suggestion, Visit

    Visit.objects.bulk_create([
        Visit(enterprise=world["enterprise"], unit=world["brigade"], staff=world["officer"], status="done",
              visited_on=TODAY - datetime.timedelta(days=i + 1)) for i in range(visits)])
    for i, suggestion in enumerate(Suggestion.objects.bulk_create([
            Suggestion(number=f"S-{visits}-{i}", unit=world["brigade"], enterprise=world["enterprise"],
                       source="visit", submitter_name="李", content=f"建议{i}") for i in range(suggestions)])):
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=8 * i + 20))


def test_the_timeline_page_takes_the_same_queries_however_long_the_history(client, world) -> None:  # type: ignore
    client.force_login(world["officer"])
    url = reverse("enterprises:timeline", args=[world["enterprise"].pk])
    params = {"kind": ["visit", "suggestion"]}
    _spread(world, 1, 1)
    client.get(url, params)
    with CaptureQueriesContext(connection) as short:
        client.get(url, params)
    _spread(world, 200, 400)
    with CaptureQueriesContext(connection) as long:
        response = client.get(url, params)
    with CaptureQueriesContext(connection) as older:
        client.get(url, {**params, "before": response.context["older"]})
    assert len(response.context["entries"]) == 50
    assert len(long) == len(short) == len(older)


def test_the_show_older_link_keeps_the_kind_filter(client, world) -> None:  # type: ignore[no-untyped-def]
    _busy(world, visits=0, suggestions=60)
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:timeline", args=[world["enterprise"].pk]),
                      {"kind": "suggestion"}).content.decode()
    assert "?kind=suggestion&amp;before=" in body


def test_a_malformed_cursor_shows_the_newest_page(client, world) -> None:  # type: ignore[no-untyped-def]
    _history(world)
    client.force_login(world["officer"])
    response = client.get(reverse("enterprises:timeline", args=[world["enterprise"].pk]), {"before": "soon"})
    assert response.status_code == 200
    assert response.context["entries"]


def test_a_re_check_of_an_old_hazard_sits_at_its_own_date(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.safety.models import Hazard, Recheck

    hazard = Hazard.objects.create(unit=world["brigade"], enterprise=world["enterprise"], source="visit",
                                   description="堵塞", address="沈阳")
    Hazard.objects.filter(pk=hazard.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    _busy(world, visits=0, suggestions=3)
    Recheck.objects.create(hazard=hazard, checked_by=world["officer"], checked_at=timezone.now(), passed=True)
    entries = enterprise_timeline(world["enterprise"], user=world["officer"], page_size=2)
    assert [e.state for e in entries] == ["recheck_passed", "submitted"]


def test_the_timeline_does_not_link_a_reviewer_to_the_training_queue(world) -> None:  # type: ignore[no-untyped-def]
    _history(world)  # the reviewer's visit raised a training request; the window clerks schedule it
    entries = enterprise_timeline(world["enterprise"], user=world["officer"], kinds={"training"})
    assert [e.url for e in entries] == [""]


def test_the_timeline_links_a_clerk_to_the_training_queue(world) -> None:  # type: ignore[no-untyped-def]
    _history(world)
    entries = enterprise_timeline(world["enterprise"], user=world["clerk"], kinds={"training"})
    assert [e.url for e in entries] == [reverse("enterprises:training_queue")]


def _grid_manager(world):  # type: ignore[no-untyped-def]
    """A grid manager of the enterprise's grid: he sees the enterprise, not what its brigade handles."""
    grid = world["tree"]["a"]["grid"]
    world["enterprise"].grid = grid
    world["enterprise"].save(update_fields=["grid"])
    return UserFactory(roles=[Role.GRID_MANAGER], unit=grid)


def _entries(world, user, kind):  # type: ignore[no-untyped-def]
    return [e for e in enterprise_timeline(world["enterprise"], user=user) if e.kind == kind]


def test_the_timeline_lists_a_suggestion_out_of_the_viewers_scope_without_a_link(world) -> None:  # type: ignore[no-untyped-def]
    suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                      content="希望开通网上预约")
    [entry] = _entries(world, _grid_manager(world), "suggestion")
    assert entry.url == ""


def test_the_timeline_links_a_suggestion_to_the_staff_in_scope(world) -> None:  # type: ignore[no-untyped-def]
    suggestion = suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                                   content="希望开通网上预约")
    [entry] = _entries(world, world["officer"], "suggestion")
    assert entry.url == reverse("enterprises:suggestion_detail", args=[suggestion.pk])


def test_the_timeline_lists_a_hazard_out_of_the_viewers_scope_without_a_link(world) -> None:  # type: ignore[no-untyped-def]
    _history(world)
    entries = _entries(world, _grid_manager(world), "hazard")
    assert entries and all(e.url == "" for e in entries)


def test_the_timeline_lists_a_receipt_out_of_the_viewers_scope_without_a_link(world) -> None:  # type: ignore[no-untyped-def]
    from tests.feedback.supervision_helpers import make_act

    make_act(unit=world["brigade"], officer=world["officer"], enterprise=world["enterprise"],
             when=timezone.now() - datetime.timedelta(days=1))
    [entry] = _entries(world, _grid_manager(world), "receipt")
    assert entry.url == ""
