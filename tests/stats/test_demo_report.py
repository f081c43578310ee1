"""The demo's 沈阳 figures since 1 June are shaped like the report's (issue 8): each counter is topped up to
its target, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from enterprises import demo_report as enterprises_part
from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.accounts.models import OrgUnit, User
from firesvc.stats import demo_report

pytestmark = pytest.mark.django_db

SMALL = {key: 3 for key in demo_report.report_targets()} | {"suggestions_received": 4, "key_project_services": 4}


def test_the_apps_declare_every_figure_of_the_report() -> None:
    assert set(SMALL) == {"visits_done", "forums_held", "suggestions_received", "suggestions_fed_back",
                          "service_measures_issued", "hazards_eliminated", "parallel_cases", "key_project_services",
                          "shortened_limit_cases", "one_time_filings", "no_filing_notices"}


@pytest.fixture
def small_report(monkeypatch, settings, tmp_path):  # type: ignore[no-untyped-def]
    from approvals.catalogue import load_catalogue
    from approvals.models import MaterialRequirement, Matter

    settings.MEDIA_ROOT = str(tmp_path)
    for key, target in SMALL.items():
        monkeypatch.setitem(demo_report.TARGETS, key, target)
    monkeypatch.setattr(enterprises_part, "KEY_UNITS", 5)
    seed_org_tree()
    seed_staff()
    load_catalogue(Matter, MaterialRequirement)


def test_report_period_starts_on_the_last_first_of_june() -> None:
    assert demo_report.report_period(date(2026, 11, 29)) == (date(2026, 6, 1), date(2026, 11, 28))
    assert demo_report.report_period(date(2027, 3, 1)) == (date(2026, 6, 1), date(2027, 2, 28))


def test_each_figure_reaches_its_target(small_report) -> None:  # type: ignore[no-untyped-def]
    demo_report.seed_report_figures()
    assert demo_report.shaped_figures() == SMALL | {"key_units": 5}


def test_a_second_run_writes_nothing(small_report) -> None:  # type: ignore[no-untyped-def]
    demo_report.seed_report_figures()
    assert demo_report.seed_report_figures() == 0


def test_every_key_unit_has_its_measures_and_letter(small_report) -> None:  # type: ignore[no-untyped-def]
    from enterprises.safety.selectors import key_unit_totals

    demo_report.seed_report_figures()
    shenyang = OrgUnit.objects.get(code=demo_report.DETACHMENT)
    totals = key_unit_totals(unit_ids=list(OrgUnit.objects.subtree_of(shenyang).values_list("pk", flat=True)))
    assert (totals["total"], totals["complete"]) == (5, 5)


def test_the_supervisors_dashboard_since_1_june_shows_the_figures(client, small_report) -> None:  # type: ignore[no-untyped-def]
    demo_report.seed_report_figures()
    first, last = demo_report.report_period()
    client.force_login(User.objects.get(username="supervisor"))
    response = client.get(reverse("stats:dashboard"), {
        "unit": OrgUnit.objects.get(code=demo_report.DETACHMENT).pk, "start": first.isoformat(),
        "end": last.isoformat()})
    shown = {row["key"]: row["value"] for section in response.context["sections"] for row in section["rows"]}
    assert {key: shown[key] for key in SMALL} == SMALL
    assert response.context["key_units"]["total"] == 5


def test_records_behind_a_shaped_figure_open(client, small_report) -> None:  # type: ignore[no-untyped-def]
    from firesvc.stats.registry import counters

    demo_report.seed_report_figures()
    first, last = demo_report.report_period()
    client.force_login(User.objects.get(username="supervisor"))
    params = {"unit": OrgUnit.objects.get(code=demo_report.DETACHMENT).pk, "start": first.isoformat(),
              "end": last.isoformat()}
    pages = {item.key: client.get(reverse("stats:records", args=[item.key]), params) for item in counters()}
    assert {key: page.status_code for key, page in pages.items()} == {key: 200 for key in pages}
    assert pages["hazards_eliminated"].context["page"].paginator.count == 3
