"""The statistics dashboard (C6): what each figure counts, roll-up against live counting, access."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from approvals.models import Consultation
from firesvc.accounts.roles import Role
from firesvc.stats.models import DailyCount, RollupState
from firesvc.stats.registry import counter
from firesvc.stats.selectors import Period, breakdown_by_child, figures_for
from firesvc.stats.services import stats_rollup, stats_rollup_recent
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def _local(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, hour, minute), timezone.get_current_timezone())


def _consultation(unit, clerk, when: datetime, *, first_contact: bool = True) -> Consultation:
    row = Consultation.objects.create(unit=unit, clerk=clerk, question="问", answer="答",
                                      resolved_first_contact=first_contact)
    Consultation.objects.filter(pk=row.pk).update(created_at=when)
    return row


@pytest.fixture
def clerk_a(tree):
    return staff(Role.WINDOW_CLERK, tree["a"]["brigade"])


def test_counter_counts_rows_of_the_period_only(tree, clerk_a):
    brigade = tree["a"]["brigade"]
    _consultation(brigade, clerk_a, _local(date(2026, 3, 1), 0, 0))  # first minute of the period
    _consultation(brigade, clerk_a, _local(date(2026, 3, 31), 23, 59))  # last minute
    _consultation(brigade, clerk_a, _local(date(2026, 2, 28), 23, 59))  # the day before
    _consultation(brigade, clerk_a, _local(date(2026, 4, 1), 0, 0))  # the day after

    figures = figures_for(unit=tree["a"]["detachment"], period=Period(date(2026, 3, 1), date(2026, 3, 31)))

    assert figures.get("consultations") == 2


def test_counter_counts_the_units_subtree_only(tree, clerk_a):
    clerk_b = staff(Role.WINDOW_CLERK, tree["b"]["brigade"])
    _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, 2)))
    _consultation(tree["a"]["subdistrict"], clerk_a, _local(date(2026, 3, 2)))
    _consultation(tree["b"]["brigade"], clerk_b, _local(date(2026, 3, 2)))
    period = Period(date(2026, 3, 1), date(2026, 3, 31))

    assert figures_for(unit=tree["a"]["detachment"], period=period).get("consultations") == 2
    assert figures_for(unit=tree["a"]["subdistrict"], period=period).get("consultations") == 1
    assert figures_for(unit=None, period=period).get("consultations") == 3


def test_condition_counter_counts_only_matching_rows(tree, clerk_a):
    brigade = tree["a"]["brigade"]
    _consultation(brigade, clerk_a, _local(date(2026, 3, 2)), first_contact=True)
    _consultation(brigade, clerk_a, _local(date(2026, 3, 2)), first_contact=False)
    _consultation(brigade, clerk_a, _local(date(2026, 3, 3)), first_contact=True)

    figures = figures_for(unit=brigade, period=Period(date(2026, 3, 1), date(2026, 3, 31)))

    assert figures.get("consultations_first_contact") == 2
    assert figures.get("consultations") == 3


def test_ratio_divides_numerator_by_denominator(tree, clerk_a):
    from firesvc.stats.registry import ratios

    brigade = tree["a"]["brigade"]
    for first_contact in (True, True, True, False):
        _consultation(brigade, clerk_a, _local(date(2026, 3, 2)), first_contact=first_contact)
    figures = figures_for(unit=brigade, period=Period(date(2026, 3, 1), date(2026, 3, 31)))
    rate = next(r for r in ratios() if r.key == "consultations_first_contact_rate")

    assert figures.ratio(rate) == pytest.approx(75.0)


def test_ratio_without_denominator_is_none(tree):
    from firesvc.stats.registry import ratios

    figures = figures_for(unit=tree["a"]["brigade"], period=Period(date(2026, 3, 1), date(2026, 3, 31)))

    assert all(figures.ratio(r) is None for r in ratios())


def test_rolled_up_and_live_figures_agree(tree, clerk_a):
    # given records on several days, some of them late in the evening (local time)
    for day in range(1, 20):
        for hour in (8, 23):
            _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, day), hour, 30),
                          first_contact=bool(day % 3))
    period = Period(date(2026, 3, 5), date(2026, 3, 25))
    live = figures_for(unit=tree["a"]["detachment"], period=period)

    # when every day up to 3 March 18 is rolled up (the rest stays live)
    stats_rollup_recent(today=date(2026, 3, 19))
    mixed = figures_for(unit=tree["a"]["detachment"], period=period)

    # then
    assert RollupState.objects.get().complete_through == date(2026, 3, 18)
    assert DailyCount.objects.filter(key="consultations").exists()
    assert mixed.values == live.values
    assert mixed.get("consultations") == 30


def test_rollup_twice_writes_the_same_rows(tree, clerk_a):
    _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, 2)))
    stats_rollup(first=date(2026, 3, 1), last=date(2026, 3, 31))
    before = list(DailyCount.objects.values_list("key", "unit_id", "day", "value").order_by("key", "day"))

    stats_rollup(first=date(2026, 3, 1), last=date(2026, 3, 31))

    assert list(DailyCount.objects.values_list("key", "unit_id", "day", "value").order_by("key", "day")) == before


def test_nightly_rollup_picks_up_a_late_entry(tree, clerk_a):
    stats_rollup_recent(today=date(2026, 3, 20))
    _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, 10)))  # entered late, dated back

    stats_rollup_recent(today=date(2026, 3, 21))

    figures = figures_for(unit=tree["a"]["brigade"], period=Period(date(2026, 3, 1), date(2026, 3, 20)))
    assert figures.get("consultations") == 1


def test_breakdown_gives_each_child_its_own_figures(tree, clerk_a):
    _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, 2)))
    _consultation(tree["a"]["community"], clerk_a, _local(date(2026, 3, 2)))
    stats_rollup_recent(today=date(2026, 3, 3))
    _consultation(tree["a"]["grid"], clerk_a, _local(date(2026, 3, 3)))  # live part

    rows = breakdown_by_child(unit=tree["a"]["brigade"], period=Period(date(2026, 3, 1), date(2026, 3, 31)))

    assert [(child.pk, figures.get("consultations")) for child, figures in rows] == [
        (tree["a"]["subdistrict"].pk, 2)]


def _page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("stats:dashboard"), params)


def test_dashboard_shows_the_figures_of_the_users_unit(client, tree, clerk_a):
    approver = staff(Role.APPROVER, tree["a"]["brigade"])
    today = timezone.localdate()
    _consultation(tree["a"]["brigade"], clerk_a, _local(today))

    response = _page(client, approver)

    assert response.status_code == 200
    rows = {row["key"]: row["value"] for section in response.context["sections"] for row in section["rows"]}
    assert rows["consultations"] == 1
    assert response.context["unit"] == tree["a"]["brigade"]


def test_dashboard_queries_do_not_grow_with_records(client, tree, clerk_a):
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    today = timezone.localdate()
    _consultation(tree["a"]["brigade"], clerk_a, _local(today))
    client.force_login(approver)
    url = reverse("stats:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(30):
        _consultation(tree["a"]["grid"], clerk_a, _local(today - timedelta(days=1)))
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_dashboard_refuses_a_unit_outside_the_scope(client, tree):
    approver = staff(Role.APPROVER, tree["a"]["brigade"])

    response = _page(client, approver, unit=tree["b"]["brigade"].pk)

    assert response.status_code == 400
    assert "sections" not in response.context
    with translation.override("zh-hans"):
        assert str(_("Choose a unit within your own scope.")) in response.context["form"].errors["unit"]


def test_dashboard_refuses_a_reversed_period(client, tree):
    approver = staff(Role.APPROVER, tree["a"]["brigade"])

    response = _page(client, approver, unit=tree["a"]["brigade"].pk, start="2026-05-01", end="2026-04-01")

    assert response.status_code == 400
    assert response.context["form"].errors["end"]


@pytest.mark.parametrize("role", [Role.GRID_MANAGER, Role.ENTERPRISE_USER])
def test_dashboard_is_closed_to_other_roles(client, tree, role):
    if role == Role.ENTERPRISE_USER:
        user = enterprise_user(EnterpriseFactory(brigade=tree["a"]["brigade"]))
    else:
        user = staff(role, tree["a"]["grid"])

    assert _page(client, user).status_code == 403


def test_export_csv_has_a_row_per_child_unit(client, tree, clerk_a):
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, 2)))
    client.force_login(approver)

    response = client.get(reverse("stats:export_csv"), {"unit": tree["a"]["detachment"].pk,
                                                        "start": "2026-03-01", "end": "2026-03-31"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("zh-hans"):
        consultations = rows[0].index(str(counter("consultations").label))
    assert [r[0] for r in rows[1:]] == [tree["a"]["detachment"].name, tree["a"]["brigade"].name]
    assert [r[consultations] for r in rows[1:]] == ["1", "1"]


def test_export_xlsx_opens_as_a_workbook(client, tree, clerk_a):
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    client.force_login(approver)

    response = client.get(reverse("stats:export_xlsx"), {"unit": tree["a"]["detachment"].pk})

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == tree["a"]["detachment"].name
    assert len(rows) == 3


def test_rollup_command_rolls_up_the_days_given(tree, clerk_a):
    from django.core.management import call_command

    _consultation(tree["a"]["brigade"], clerk_a, _local(date(2026, 3, 2)))

    call_command("stats_rollup", "--from", "2026-03-01", "--to", "2026-03-31", stdout=io.StringIO())

    assert DailyCount.objects.get(key="consultations").value == 1


def test_rollup_command_refuses_a_reversed_range(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("stats_rollup", "--from", "2026-03-31", "--to", "2026-03-01")


def test_rollup_of_a_date_field_counter_matches_live(tree):
    from datetime import time as clock_time

    from enterprises.models import TrainingAttendance, TrainingSession

    session = TrainingSession.objects.create(unit=tree["a"]["brigade"], date=date(2026, 3, 2),
                                             start_time=clock_time(9), trainer="张教官", topic="灭火器使用",
                                             place="大队会议室")
    TrainingAttendance.objects.create(session=session, person_name="王建华", attended=True)
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    live = figures_for(unit=tree["a"]["brigade"], period=period).get("training_sessions")

    stats_rollup_recent(today=date(2026, 4, 1))

    assert figures_for(unit=tree["a"]["brigade"], period=period).get("training_sessions") == live == 1


def test_exports_carry_the_key_unit_figures(client, tree, clerk_a):
    approver = staff(Role.APPROVER, tree["a"]["detachment"])
    EnterpriseFactory(brigade=tree["a"]["brigade"], is_key_unit=True)
    EnterpriseFactory(brigade=tree["a"]["brigade"], is_key_unit=True)
    EnterpriseFactory(brigade=tree["b"]["brigade"], is_key_unit=True)  # another detachment's
    client.force_login(approver)
    query = {"unit": tree["a"]["detachment"].pk, "start": "2026-03-01", "end": "2026-03-31"}

    rows = list(csv.reader(io.StringIO(client.get(reverse("stats:export_csv"), query).content.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(client.get(reverse("stats:export_xlsx"), query).content), read_only=True)
    sheet = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]

    with translation.override("zh-hans"):
        label = _("Key fire-safety units today")
    for table in (rows, sheet):
        column = table[0].index(label)
        assert [str(r[column]) for r in table[1:]] == ["2", "2"]  # the detachment, and its brigade
        assert [str(r[column + 1]) for r in table[1:]] == ["0", "0"]  # none with all six-plus-one and a letter


def test_the_monthly_chart_has_a_value_axis_month_labels_and_values(client, tree, clerk_a):
    today = timezone.localdate()
    DailyCount.objects.create(key="applications_submitted", unit=tree["a"]["brigade"], day=today, value=7)
    RollupState.objects.create(singleton=1, complete_through=today)  # the row above is a rolled-up day
    approver = staff(Role.APPROVER, tree["a"]["brigade"])

    page = _page(client, approver, unit=tree["a"]["brigade"].pk).content.decode()

    month = today.strftime("%Y-%m")
    chart = page[page.index("<svg class=\"stats-chart\""):]
    chart = chart[:chart.index("</svg>")]
    assert f'data-month="{month}">7</text>' in chart  # the value above its bar
    assert f">{today:%m}</text>" in chart  # the month below it
    assert 'class="stats-tick">7</text>' in chart and 'class="stats-tick">0</text>' in chart  # the value axis
    assert "<script" not in chart


def test_the_monthly_chart_counts_the_days_after_the_roll_up_as_the_figures_do(client, tree, clerk_a):
    # given a record on a rolled-up day and two on today's, counted live
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    if yesterday.month != today.month:
        yesterday = today
    _consultation(tree["a"]["brigade"], clerk_a, _local(yesterday, 9))
    stats_rollup(first=yesterday, last=yesterday)
    RollupState.objects.create(singleton=1, complete_through=yesterday)
    _consultation(tree["a"]["brigade"], clerk_a, _local(today, 0, 1))
    _consultation(tree["a"]["brigade"], clerk_a, _local(today, 0, 2))
    from firesvc.stats.selectors import monthly_series

    # when the chart and the month's figure are read
    series = dict(monthly_series(unit=tree["a"]["detachment"], keys=["consultations"])["consultations"])
    figure = figures_for(unit=tree["a"]["detachment"], period=Period(today.replace(day=1), today))

    # then this month's bar is the month's figure
    assert series[f"{today:%Y-%m}"] == figure.get("consultations") == (3 if yesterday != today else 2)
