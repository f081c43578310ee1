from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from approvals.models import Matter
from firesvc.accounts.roles import Role
from firesvc.sla.services import clock_start
from tests.factories import EnterpriseFactory, staff
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def _clocks(case, n: int, unit=None, started=None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        clock_start(owner=EnterpriseFactory(brigade=unit or case["unit"]), rule_code="acceptance.decide",
                    unit=unit or case["unit"], actor=None, assignee=case["assignee"],
                    started_at=started or at(2026, 3, 2, 9, 0))


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_board_counts_red_cards_in_scope_only(client, case, tree) -> None:
    _clocks(case, 2)  # overdue on 31 March
    _clocks(case, 1, started=at(2026, 3, 30, 9, 0))  # green
    _clocks(case, 3, unit=tree["b"]["brigade"])  # another detachment's
    client.force_login(case["supervisor"])
    response = client.get(reverse("sla:board"))
    assert response.context["totals"] == {"red": 2, "green": 1}


def test_the_board_is_refused_to_a_window_clerk(client, case) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, case["unit"]))
    assert client.get(reverse("sla:board")).status_code == 403


def _application_clocks(case, n: int) -> None:  # type: ignore[no-untyped-def]
    """Clocks of applications, which the board names as their case pages do (approvals registers the names)."""
    from tests.approvals.factories import ApplicationFactory
    from tests.factories import enterprise_user

    for _ in range(n):
        enterprise = EnterpriseFactory(brigade=case["unit"])
        application = ApplicationFactory(applicant=enterprise_user(enterprise), enterprise=enterprise, upload=False)
        clock_start(owner=application, rule_code=application.matter.rule_code, unit=case["unit"], actor=None,
                    assignee=case["assignee"], started_at=at(2026, 3, 2, 9, 0))


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_board_uses_a_constant_number_of_queries(client, case) -> None:
    client.force_login(case["supervisor"])
    _clocks(case, 2)
    _application_clocks(case, 2)
    client.get(reverse("sla:board"))  # warm the per-unit caches, as on a running server
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("sla:board"))
    _clocks(case, 12)
    _application_clocks(case, 12)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("sla:board"))
    assert len(many) == len(few)


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_a_board_row_names_its_case_by_number_and_project_and_links_to_it(client, case) -> None:
    from tests.approvals.factories import ApplicationFactory
    from tests.factories import enterprise_user

    enterprise = EnterpriseFactory(brigade=case["unit"])
    application = ApplicationFactory(applicant=enterprise_user(enterprise), enterprise=enterprise, upload=False,
                                     project_name="盛京大厦装修工程")
    application.number = "SY2026000082"  # as the window numbers it on acceptance
    application.save(update_fields=["number"])
    clock_start(owner=application, rule_code="acceptance.decide", unit=case["unit"], actor=None,
                assignee=case["assignee"], started_at=at(2026, 3, 2, 9, 0))
    client.force_login(case["supervisor"])
    page = client.get(reverse("sla:board")).content.decode()
    assert f'<a href="{application.get_absolute_url()}">' in page
    assert "SY2026000082 盛京大厦装修工程" in page
    assert f"#{application.pk}" not in page


def _chart(page: str, label: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the page's language
        label = translation.gettext(label)
    chart = page[page.index(f'aria-label="{label}"'):]
    return chart[:chart.index("</svg>")]


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_board_charts_the_red_cards_raised_per_month_in_scope(client, case, tree) -> None:
    from firesvc.sla.sweep import sla_sweep

    _clocks(case, 2)  # overdue on 31 March: the sweep raises their red cards
    _clocks(case, 3, unit=tree["b"]["brigade"])  # another detachment's
    sla_sweep()
    client.force_login(case["supervisor"])

    page = client.get(reverse("sla:board")).content.decode()

    chart = _chart(page, "Red cards raised per month")
    assert 'data-month="2026-03">2</text>' in chart  # this scope's two, not the other detachment's three
    assert 'data-month="2026-02">0</text>' in chart
    assert ">03</text>" in chart and 'class="stats-tick">2</text>' in chart  # month label and value axis


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_board_charts_twelve_months_of_yellow_cards(client, case) -> None:
    client.force_login(case["supervisor"])

    page = client.get(reverse("sla:board")).content.decode()

    chart = _chart(page, "Yellow cards raised per month")
    assert chart.count("data-month=") == 12
    assert 'data-month="2025-04"' in chart and 'data-month="2026-03"' in chart


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_by_person_table_never_shows_a_login_name(client, case) -> None:
    nameless = case["assignee"]
    nameless.username, nameless.full_name, nameless.first_name, nameless.last_name = "rev_login_7", "", "", ""
    nameless.save()
    named = staff(Role.REVIEWER, case["unit"], username="rev_login_8", full_name="李审查")
    _clocks(case, 2)
    _clocks({**case, "assignee": named}, 1)
    client.force_login(case["supervisor"])
    html = client.get(reverse("sla:board")).content.decode()
    assert "rev_login_7" not in html and "rev_login_8" not in html
    assert "李审查" in html and nameless.display_name in html


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_without_the_sweep_the_board_still_lists_and_charts_every_red_card_it_counts(client, case) -> None:
    _clocks(case, 2)  # overdue on 31 March; no sweep has run (no Celery beat)
    client.force_login(case["supervisor"])

    response = client.get(reverse("sla:board"))
    page = response.content.decode()

    assert response.context["totals"]["red"] == 2
    assert len(response.context["red"]) == 2 and len(response.context["breaches"]) == 2
    assert 'data-month="2026-03">2</text>' in _chart(page, "Red cards raised per month")
    assert 'data-month="2026-03">2</text>' in _chart(page, "Yellow cards raised per month")
    assert page.count('<td data-notified>—</td>') == 2  # nobody told yet: the sweep has not run


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_a_breach_shows_the_people_its_red_card_told_once_the_sweep_has_run(client, case) -> None:
    from firesvc.sla.sweep import sla_sweep

    _clocks(case, 1)
    sla_sweep()
    client.force_login(case["supervisor"])

    response = client.get(reverse("sla:board"))

    [breach] = response.context["breaches"]
    assert breach.notified >= 1
    assert f"<td data-notified>{breach.notified}</td>" in response.content.decode()


def test_a_clock_finished_late_stays_a_breach_and_leaves_the_overdue_list(client, case) -> None:
    from firesvc.sla.models import Clock
    from firesvc.sla.services import clock_stop

    with time_machine.travel(at(2026, 3, 31, 10, 0), tick=False):
        _clocks(case, 1)
        clock_stop(clock=Clock.objects.get(), actor=None, outcome="done")
    client.force_login(case["supervisor"])
    with time_machine.travel(at(2026, 4, 1, 10, 0), tick=False):
        response = client.get(reverse("sla:board"))

    assert response.context["totals"].get("red", 0) == 0 and response.context["red"] == []
    assert len(response.context["breaches"]) == 1
    assert 'data-month="2026-03">1</text>' in _chart(response.content.decode(), "Red cards raised per month")


def test_the_boards_open_clocks_are_found_in_its_index_not_among_every_stopped_one(case, tree) -> None:
    # The open clocks are named by status (an equality the (unit, status, due_at) index serves): read by
    # "not stopped", PostgreSQL had to visit every clock ever stopped in the scope.
    from firesvc.sla.models import Clock

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    supervisor = staff(Role.SUPERVISOR, tree["a"]["detachment"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small enough to be read whole
    plan = Clock.objects.visible_to(supervisor).open().explain()
    index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert any("status" in line for line in index_conditions), plan


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_by_person_table_adds_up_to_the_totals_with_a_row_for_clocks_without_an_assignee(client, case) -> None:
    _clocks(case, 2)  # overdue, assigned
    _clocks({**case, "assignee": None}, 3)  # overdue, nobody assigned
    _clocks({**case, "assignee": None}, 1, started=at(2026, 3, 30, 9, 0))  # green, nobody assigned
    client.force_login(case["supervisor"])
    response = client.get(reverse("sla:board"))
    rows = response.context["by_person"]
    for card in ("red", "green"):
        assert sum(counts.get(card, 0) for _, counts in rows) == response.context["totals"][card]
    assert rows[-1] == (None, {"red": 3, "green": 1})
    assert "data-unassigned" in response.content.decode()


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_a_board_row_names_an_applications_own_clock_as_its_case_page_does(client, case) -> None:
    from tests.approvals.factories import ApplicationFactory
    from tests.factories import enterprise_user

    # given an overdue pre-opening inspection, whose rule is named "营业前消防安全检查(检查)"
    enterprise = EnterpriseFactory(brigade=case["unit"])
    application = ApplicationFactory(applicant=enterprise_user(enterprise), enterprise=enterprise, upload=False,
                                     matter=Matter.objects.get(code="pre_opening"))
    clock = clock_start(owner=application, rule_code=application.matter.rule_code, unit=case["unit"], actor=None,
                        assignee=case["assignee"], started_at=at(2026, 3, 2, 9, 0))
    # when the supervisor opens the board
    client.force_login(case["supervisor"])
    page = client.get(reverse("sla:board")).content.decode()
    # then its row names the case page's step (审批期限), not the rule
    assert "<td data-step>审批期限</td>" in page
    assert clock.rule.name not in page


# --- hazard reports on the board -----------------------------------------------------------------------------

def _overdue_hazard_report(acknowledged: bool = True):  # type: ignore[no-untyped-def]
    """A report of 2 March, acknowledged by the duty officer, its verification overdue on 31 March; with the
    detachment's supervisor."""
    from feedback.hazard_reports.services.reports import hazard_report_acknowledge
    from tests.factories import unit_chain
    from tests.hazard_reports.conftest import submit_report

    units = unit_chain("hb")
    duty = staff(Role.DUTY_OFFICER, units["subdistrict"], first_name="", last_name="值班员王")
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        report = submit_report(units, address="朝阳大街120号")
        if acknowledged:
            hazard_report_acknowledge(report=report, actor=duty)
    return report, duty, staff(Role.SUPERVISOR, units["detachment"])


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_a_hazard_report_row_says_hazard_report_once(client, rules) -> None:
    report, _duty, supervisor = _overdue_hazard_report()
    client.force_login(supervisor)
    page = client.get(reverse("sla:board")).content.decode()
    assert f">隐患举报 #{report.pk} 朝阳大街120号</a>" in page
    assert "隐患举报 隐患举报" not in page


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_an_acknowledged_hazard_reports_clock_counts_under_the_duty_officer(client, rules) -> None:
    _report, duty, supervisor = _overdue_hazard_report()
    client.force_login(supervisor)
    rows = client.get(reverse("sla:board")).context["by_person"]
    assert [person for person, _counts in rows] == [duty]


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_an_acknowledged_hazard_reports_overdue_row_names_the_duty_officer(client, rules) -> None:
    _report, duty, supervisor = _overdue_hazard_report()
    client.force_login(supervisor)
    response = client.get(reverse("sla:board"))
    assert [clock.handler for clock in response.context["red"]] == [duty]
    assert f"<td data-assignee>{duty}</td>" in response.content.decode()


@time_machine.travel(at(2026, 3, 31, 10, 0), tick=False)
def test_the_yellow_card_chart_draws_yellow_bars(client, case) -> None:
    client.force_login(case["supervisor"])
    page = client.get(reverse("sla:board")).content.decode()
    assert _chart(page, "Yellow cards raised per month").count('class="stats-bar stats-bar-yellow"') == 12
    assert "stats-bar-yellow" not in _chart(page, "Red cards raised per month")
