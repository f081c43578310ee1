"""What keeps the statistics dashboard cheap (issue 9): a fixed number of queries, whatever the period or the
number of counters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from approvals.models import Consultation
from firesvc.accounts.roles import Role
from firesvc.stats.forms import PeriodForm
from firesvc.stats.models import RollupState
from firesvc.stats.registry import counters, ratios
from firesvc.stats.selectors import Period, figures_for, forget_rolled_up
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _consultation(unit, clerk, when: datetime, *, first_contact: bool = True) -> Consultation:  # type: ignore[no-untyped-def]
    row = Consultation.objects.create(unit=unit, clerk=clerk, question="问", answer="答",
                                      resolved_first_contact=first_contact)
    Consultation.objects.filter(pk=row.pk).update(created_at=when)
    return row


def _now_local() -> datetime:
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)


def _queries(client, **params) -> int:  # type: ignore[no-untyped-def]
    url = reverse("stats:dashboard")
    client.get(url, params)
    forget_rolled_up()  # the roll-up's figures are read, not taken from the shared cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_live_days_are_counted_in_one_query_whatever_the_period(tree):
    unit = tree["a"]["detachment"]
    today = timezone.localdate()
    counts = []
    for days in (0, 31, 3650):  # nothing is rolled up: every day is counted live
        with CaptureQueriesContext(connection) as ctx:
            figures_for(unit=unit, period=Period(today - timedelta(days=days), today))
        counts.append(len(ctx.captured_queries))

    assert counts == [3, 3, 3]  # the subtree's ids, the roll-up's state, every counter's live rows


def test_dashboard_queries_do_not_grow_with_the_period_length(client, tree):
    client.force_login(staff(Role.APPROVER, tree["a"]["detachment"]))
    unit = tree["a"]["detachment"].pk
    today = timezone.localdate()
    RollupState.objects.create(singleton=1, complete_through=today - timedelta(days=1))

    def since(days: int, *, until: date = today) -> int:
        return _queries(client, unit=unit, start=(today - timedelta(days=days)).isoformat(), end=until.isoformat())

    assert since(31) == since(3650)  # the closed days in one query on the roll-up, today in one statement
    assert since(0) == since(3650) - 1  # today only: nothing is read from the roll-up
    assert since(3650, until=today - timedelta(days=1)) == since(3650) - 1  # closed days only: nothing live


def test_dashboard_shows_every_counter_and_ratio_with_its_records_link(client, tree):
    brigade = tree["a"]["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    for first_contact in (True, True, True, False):
        _consultation(brigade, clerk, _now_local(), first_contact=first_contact)
    client.force_login(staff(Role.APPROVER, brigade))

    response = client.get(reverse("stats:dashboard"))
    page = response.content.decode()

    query = escape(response.context["query"])
    for item in counters():
        assert f'href="{reverse("stats:records", args=[item.key])}?{query}"' in page, item.key
    for key in [c.key for c in counters()] + [r.key for r in ratios()]:
        assert f'data-counter="{key}"' in page, key
    assert 'data-counter="consultations">4</td>' in page
    assert 'data-counter="consultations_first_contact_rate">75.0 %</td>' in page
    assert 'data-counter="on_time_rate">—</div>' in page  # a headline card, no clock stopped


def test_unit_list_is_read_once_when_the_select_is_drawn(tree, django_assert_num_queries):
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    form = PeriodForm({"unit": tree["a"]["brigade"].pk}, user=approver)
    assert form.is_valid()

    with django_assert_num_queries(1):
        html = str(form["unit"])

    assert f'<option value="{tree["a"]["brigade"].pk}" selected>{tree["a"]["brigade"].name}</option>' in html
    assert tree["b"]["brigade"].name not in html  # outside the approver's scope


def test_refused_unit_is_marked_in_the_select(client, tree):
    client.force_login(staff(Role.APPROVER, tree["a"]["brigade"]))

    response = client.get(reverse("stats:dashboard"), {"unit": tree["b"]["brigade"].pk})

    assert response.status_code == 400
    assert ('<select name="unit" class="select form-select is-invalid" aria-invalid="true" '
            'aria-describedby="id_unit_error" id="id_unit">') in response.content.decode()


def test_live_figures_are_those_of_their_own_days(tree):
    # the live days counted are those asked for, whichever were asked before
    brigade = tree["a"]["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    today = timezone.localdate()
    _consultation(brigade, clerk, _now_local())
    _consultation(brigade, clerk, _now_local() - timedelta(days=1))
    _consultation(brigade, clerk, _now_local() - timedelta(days=1))

    def consultations(first: date, last: date) -> int:
        return figures_for(unit=brigade, period=Period(first, last)).get("consultations")

    assert consultations(today, today) == 1
    assert consultations(today - timedelta(days=1), today - timedelta(days=1)) == 2
    assert consultations(today - timedelta(days=1), today) == 3
    assert consultations(today, today) == 1


def test_live_counts_are_one_query_counted_afresh(tree):
    brigade = tree["a"]["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    _consultation(brigade, clerk, _now_local())
    today = Period(timezone.localdate(), timezone.localdate())

    with CaptureQueriesContext(connection) as first:
        assert figures_for(unit=brigade, period=today).get("consultations") == 1
    _consultation(brigade, clerk, _now_local())
    with CaptureQueriesContext(connection) as second:
        assert figures_for(unit=brigade, period=today).get("consultations") == 2  # counted afresh

    assert len(first.captured_queries) == len(second.captured_queries) == 3
    assert "UNION ALL" in second.captured_queries[-1]["sql"]


def test_live_counts_are_shared_for_a_short_time_then_counted_afresh(tree, settings):
    # given the production setting: live counts kept a minute in the shared cache
    settings.STATS_LIVE_CACHE_SECONDS = 60
    brigade = tree["a"]["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    _consultation(brigade, clerk, _now_local())
    today = Period(timezone.localdate(), timezone.localdate())
    assert figures_for(unit=brigade, period=today).get("consultations") == 1
    _consultation(brigade, clerk, _now_local())

    # when the figures are read again within the minute (by any server: the cache is shared)
    with CaptureQueriesContext(connection) as again:
        kept = figures_for(unit=brigade, period=today).get("consultations")
    # then the live days are not counted again, and every reader sees the same value
    assert kept == 1
    assert len(again.captured_queries) == 2  # the subtree's ids, the roll-up's state
    assert not any("UNION ALL" in q["sql"] for q in again.captured_queries)

    # once the minute is over (the key expired), they are counted afresh
    cache.clear()
    assert figures_for(unit=brigade, period=today).get("consultations") == 2


def test_the_rolled_up_figures_are_read_once_until_the_roll_up_changes(client, tree):
    from firesvc.stats.services import stats_rollup

    brigade = tree["a"]["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    today = timezone.localdate()
    _consultation(brigade, clerk, _now_local() - timedelta(days=2))
    stats_rollup(first=today - timedelta(days=10), last=today - timedelta(days=1))
    RollupState.objects.create(singleton=1, complete_through=today - timedelta(days=1))
    client.force_login(staff(Role.APPROVER, brigade))
    params = {"unit": brigade.pk, "start": (today - timedelta(days=10)).isoformat(), "end": today.isoformat()}
    assert 'data-counter="consultations">1</td>' in client.get(reverse("stats:dashboard"), params).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("stats:dashboard"), params)
    assert not [q for q in ctx.captured_queries if "stats_dailycount" in q["sql"]]  # kept in the shared cache
    # a late entry on a closed day: the roll-up of that day is redone, and the page counts it at once
    _consultation(brigade, clerk, _now_local() - timedelta(days=3))
    stats_rollup(first=today - timedelta(days=3), last=today - timedelta(days=3))
    assert 'data-counter="consultations">2</td>' in client.get(reverse("stats:dashboard"), params).content.decode()
