"""The layers of DESIGN.md rule 9 hold: import-linter's contracts in pyproject.toml, one test each, so that
``make test`` names the contract an import breaks (CI also runs ``lint-imports``)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_the_layer_contracts_are_declared() -> None:
    assert {c["id"] for c in CONTRACTS} == {"kernel", "apps", "cycles"}


@pytest.mark.parametrize("contract", [c["id"] for c in CONTRACTS])
def test_contract_is_kept(contract: str) -> None:
    # The console script next to this interpreter, run from the project's root so that the code checked
    # is this checkout's; no cache, so that an import added a moment ago counts.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache", "--contract", contract], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- What needs every app is collected by registration ----------------------------------------------------------------


def test_seed_demo_runs_the_apps_steps_in_the_demos_order() -> None:
    from firesvc.core.demo_steps import demo_steps

    assert [step.name for step in demo_steps()] == [
        "firesvc.accounts.demo.seed_org_tree",
        "firesvc.accounts.demo.seed_staff",
        "feedback.demo.seed_patrols_and_points",
        "feedback.hazard_reports.demo.seed_hazard_reports",
        "enterprises.demo.seed_enterprises",
        "enterprises.demo.seed_enterprise_users",
        "enterprises.demo_services.seed_service_measures_and_training",
        "enterprises.demo_visits.seed_visits_forums_suggestions",
        "enterprises.safety.demo.seed_safety",
        "approvals.demo.seed_applications",
        "approvals.demo.seed_consultations",
        "approvals.demo_appointments.seed_appointments",
        "approvals.demo_review.seed_review_and_parallel",
        "approvals.demo_decisions.seed_decisions",
        "approvals.demo_reviews.seed_reviews",
        "feedback.demo_supervision.seed_supervision_loop",
        "firesvc.stats.demo_report.seed_report_figures",
        "firesvc.stats.services.stats_rollup_recent",
    ]


def test_the_timeline_has_the_other_apps_sources_in_their_place() -> None:
    from enterprises.selectors.timeline import SOURCES

    assert [source.kind for source in SOURCES] == ["visit", "suggestion", "hazard", "hazard", "hazard", "hazard",
                                                   "filing", "training", "forum", "receipt"]


@pytest.mark.django_db
def test_the_clerks_desk_shows_the_enterprises_panel(client, tree) -> None:  # type: ignore[no-untyped-def]
    from firesvc.accounts.roles import Role
    from tests.factories import EnterpriseFactory, staff

    # given two enterprises in the clerk's brigade, one a key unit, and one elsewhere
    EnterpriseFactory(brigade=tree["a"]["brigade"], is_key_unit=True)
    EnterpriseFactory(brigade=tree["a"]["brigade"])
    EnterpriseFactory(brigade=tree["b"]["brigade"])
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    # when the clerk opens the desk
    context = client.get("/desk/window_clerk/").context
    # then the enterprises' panel counts those in scope
    assert (context["enterprise_count"], context["key_unit_count"], context["pending_account_count"]) == (2, 1, 0)


@pytest.mark.django_db
def test_the_duty_officer_lands_on_the_live_list_of_reports(client, tree) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from firesvc.accounts.roles import Role
    from tests.factories import staff

    client.force_login(staff(Role.DUTY_OFFICER, tree["a"]["brigade"]))
    assert client.get(reverse("home"))["Location"] == reverse("hazard_reports:duty")


@pytest.mark.django_db
def test_the_kernels_own_panels_reach_the_administrators_desk(client, tree) -> None:  # type: ignore[no-untyped-def]
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    client.force_login(staff(Role.ADMINISTRATOR, tree["a"]["detachment"]))
    context = client.get("/desk/administrator/").context
    shown = {key for key in ("card_totals", "recent_events", "calendar_warning", "heartbeats", "enterprise_count")
             if key in context}
    assert shown == {"card_totals", "recent_events", "calendar_warning", "heartbeats", "enterprise_count"}
