"""The staff search box (issue 22 §1): what it finds, in which order, and only within the user's scope."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from approvals.models import Application
from firesvc.accounts.roles import Role
from firesvc.core.search import clean_query, search
from tests.approvals.conftest import make_submitted
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db


def _titles(user, text: str, key: str = "applications") -> list[str]:  # type: ignore[no-untyped-def]
    groups = {group.key: group for group in search(user=user, query=clean_query(text))}
    return [hit.title for hit in groups[key].hits] if key in groups else []


def _submitted(world, *, number: str, **fields: str) -> Application:  # type: ignore[no-untyped-def]
    application = make_submitted(world)
    Application.objects.filter(pk=application.pk).update(number=number, **fields)
    return application


def test_search_finds_a_case_by_part_of_its_number(approvals_world) -> None:
    _submitted(approvals_world, number="SY-TX-2026-000011")
    _submitted(approvals_world, number="SY-TX-2026-000257")
    assert _titles(approvals_world["clerk"], "000011") == ["SY-TX-2026-000011"]


def test_search_finds_a_case_number_typed_in_lower_case(approvals_world) -> None:
    _submitted(approvals_world, number="SY-TX-2026-000011")
    assert _titles(approvals_world["clerk"], "sy-tx-2026-000011") == ["SY-TX-2026-000011"]


def test_search_ranks_the_exact_number_first(approvals_world) -> None:
    # given a case whose number is typed in full, and a later one whose number contains it
    _submitted(approvals_world, number="SY-TX-2026-000011")
    _submitted(approvals_world, number="SY-TX-2026-0000110")
    # when the clerk searches the full number, then that case comes first
    assert _titles(approvals_world["clerk"], "SY-TX-2026-000011") == ["SY-TX-2026-000011", "SY-TX-2026-0000110"]


def test_search_ranks_an_exact_name_then_a_prefix_then_the_rest(approvals_world) -> None:
    _submitted(approvals_world, number="N-1", project_name="铁西万达广场三期")
    _submitted(approvals_world, number="N-2", project_name="万达广场")
    _submitted(approvals_world, number="N-3", project_name="万达广场东区")
    assert _titles(approvals_world["clerk"], "万达广场") == ["N-2", "N-3", "N-1"]


def test_search_finds_a_case_by_part_of_a_chinese_project_name(approvals_world) -> None:
    _submitted(approvals_world, number="N-1", project_name="铁西万达广场三期")
    _submitted(approvals_world, number="N-2", project_name="皇姑区养老服务中心")
    assert _titles(approvals_world["clerk"], "万达") == ["N-1"]


def test_search_finds_a_case_by_the_contact_phone(approvals_world) -> None:
    _submitted(approvals_world, number="N-1", contact_phone="13800001111")
    _submitted(approvals_world, number="N-2", contact_phone="13900002222")
    assert _titles(approvals_world["clerk"], "138-0000-1111") == ["N-1"]


def test_search_does_not_find_another_brigades_case(approvals_world, tree) -> None:
    # given a case of brigade 乙 and a clerk of brigade 甲
    other = EnterpriseFactory(brigade=tree["b"]["brigade"])
    application = make_submitted({**approvals_world, "enterprise": other, "applicant": enterprise_user(other)})
    Application.objects.filter(pk=application.pk).update(number="SY-HG-2026-000011")
    # then 甲's clerk does not find it, 乙's does
    assert _titles(approvals_world["clerk"], "SY-HG-2026-000011") == []
    assert _titles(approvals_world["clerk_other"], "SY-HG-2026-000011") == ["SY-HG-2026-000011"]


def test_search_finds_an_enterprise_by_its_credit_code_in_scope_only(approvals_world, tree) -> None:
    enterprise = approvals_world["enterprise"]
    assert _titles(approvals_world["clerk"], enterprise.uscc.lower(), "enterprises") == [enterprise.name]
    assert _titles(approvals_world["clerk_other"], enterprise.uscc, "enterprises") == []


def test_search_page_links_each_case_by_number_and_name(client, approvals_world) -> None:
    application = _submitted(approvals_world, number="SY-TX-2026-000011", project_name="铁西万达广场三期")
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("search"), {"q": "000011"}).content.decode()
    link = re.search(r'<a href="([^"]+)" class="fw-semibold">([^<]+)</a> <span>([^<]+)</span>', page)
    assert link is not None
    assert link.groups() == (reverse("approvals:application", args=[application.pk]), "SY-TX-2026-000011",
                             f"{application.applicant_name} · 铁西万达广场三期")


def test_search_page_asks_for_two_characters(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("search"), {"q": " 1 "}).content.decode()
    with translation.override(settings.LANGUAGE_CODE):  # the page's language
        asked = translation.ngettext("Type at least %(n)s character.", "Type at least %(n)s characters.", 2) % {"n": 2}
    assert asked in page


def test_search_page_is_for_staff_only(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    assert client.get(reverse("search"), {"q": "万达"}).status_code == 403


def test_search_box_is_in_the_navigation_bar_of_staff(client, approvals_world) -> None:
    client.force_login(approvals_world["reviewer"])
    page = client.get(reverse("ping")).content.decode()
    assert f'action="{reverse("search")}"' in page


def test_search_box_is_on_the_worklist(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("approvals:worklist")).content.decode()
    assert 'id="worklist-search"' in page


def test_search_staff_role_sees_groups_of_kinds(approvals_world) -> None:
    supervisor = staff(Role.SUPERVISOR, approvals_world["brigade"])
    _submitted(approvals_world, number="SY-TX-2026-000011")
    assert [group.key for group in search(user=supervisor, query=clean_query("SY-TX"))] == ["applications"]


def test_search_puts_an_exact_number_first_even_beyond_a_full_page(approvals_world) -> None:
    # given more cases containing the number than a page holds, and the exact one filed last
    for suffix in "012":
        _submitted(approvals_world, number=f"SY-TX-2026-000011{suffix}")
    _submitted(approvals_world, number="SY-TX-2026-000011")
    # when the clerk searches it with a page of two
    groups = search(user=approvals_world["clerk"], query=clean_query("SY-TX-2026-000011"), limit=2)
    # then the exact one is first and the page says there are more
    assert groups[0].hits[0].title == "SY-TX-2026-000011"
    assert groups[0].more


def test_search_shows_the_open_and_newest_cases_of_a_name_before_its_old_closed_ones(approvals_world) -> None:
    # given an enterprise's open case, then more closed cases than a page holds, then its newest open case
    name = "沈阳天润置业有限公司"
    _submitted(approvals_world, number="OPEN-1", applicant_name=name)
    for index in range(12):
        _submitted(approvals_world, number=f"CLOSED-{index:02d}", applicant_name=name, status="approved")
    _submitted(approvals_world, number="OPEN-2", applicant_name=name, status="accepted")
    # when the clerk searches part of the name, then the open cases come first, the newest first, and the
    # page is filled with the newest closed ones
    assert _titles(approvals_world["clerk"], "天润") == ["OPEN-2", "OPEN-1"] + [
        f"CLOSED-{index:02d}" for index in range(11, 3, -1)]


def test_a_two_character_query_finds_project_and_applicant_names_open_and_newest_first(approvals_world) -> None:
    # given 天润 in a project name and in an applicant's name, in open and closed cases, and a case without it
    _submitted(approvals_world, number="CLOSED-OLD", project_name="天润广场二期", status="approved")
    _submitted(approvals_world, number="OPEN-OLD", applicant_name="沈阳天润置业有限公司")
    _submitted(approvals_world, number="OTHER", project_name="天地广场", applicant_name="润丰商贸有限公司")
    _submitted(approvals_world, number="CLOSED-NEW", applicant_name="天润物业", status="withdrawn")
    _submitted(approvals_world, number="OPEN-NEW", project_name="铁西天润中心", status="accepted")
    # when the clerk searches the two characters, then the open cases come first, each kind newest first
    assert _titles(approvals_world["clerk"], "天润") == ["OPEN-NEW", "OPEN-OLD", "CLOSED-NEW", "CLOSED-OLD"]


def test_a_two_character_query_finds_part_of_a_case_number_in_any_case(approvals_world) -> None:
    _submitted(approvals_world, number="SY-TX-2026-000011")
    _submitted(approvals_world, number="SY-HP-2026-000012")
    assert _titles(approvals_world["clerk"], "tx") == ["SY-TX-2026-000011"]


def _rows_read(plan: dict[str, Any], table: str) -> int:
    """How many rows of ``table`` the plan's nodes read from it: those they returned and those they threw away."""
    read = 0
    if plan.get("Relation Name") == table:
        read += plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) + plan.get("Rows Removed by Filter", 0) \
            + plan.get("Rows Removed by Index Recheck", 0)
    return read + sum(_rows_read(child, table) for child in plan.get("Plans", []))


def _node_types(plan: dict[str, Any]) -> list[tuple[str, str]]:
    return [(plan["Node Type"], plan.get("Relation Name", "")),
            *(node for child in plan.get("Plans", []) for node in _node_types(child))]


def test_a_two_character_query_reads_its_matches_not_the_clerks_whole_scope(approvals_world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the bigram indexes that serve a two-character query exist on PostgreSQL only")
    # given a brigade of thousands of cases, two of them with 天润 in a name
    template = make_submitted(approvals_world)
    cases = []
    for index in range(3000):
        case = Application.objects.get(pk=template.pk)
        case.pk, case.number, case.project_name = None, f"SY-TX-2026-{index:06d}", f"铁西{index}号厂房"
        cases.append(case)
    cases[100].project_name, cases[2000].applicant_name = "铁西天润广场", "沈阳天润置业有限公司"
    Application.objects.bulk_create(cases)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE approvals_application")  # the planner sees the table as it is
    # when the clerk searches the two characters
    with CaptureQueriesContext(connection) as queries:
        assert _titles(approvals_world["clerk"], "天润") == ["SY-TX-2026-002000", "SY-TX-2026-000100"]
    # then each query of the cases stops at a page and reads the matching rows, found through an index
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if "approvals_application" in query["sql"]:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0]
                plans.append(plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"])
    assert plans
    for plan in plans:
        assert plan["Node Type"] == "Limit"
        assert ("Seq Scan", "approvals_application") not in _node_types(plan)
        assert _rows_read(plan, "approvals_application") <= 2


def test_search_words_a_filing_not_drawn_as_filed_not_permitted(approvals_world, settings) -> None:
    # given a completion filing not drawn for a spot check (stored as approved)
    from approvals.services.intake import application_accept

    settings.FILING_SPOT_CHECK_RATIO = 0.0
    filing = make_submitted(approvals_world, "completion_filing")
    application_accept(actor=approvals_world["clerk"], application=filing)
    filing.refresh_from_db()
    # when staff search for it
    with translation.override("en"):
        groups = {group.key: group for group in search(user=approvals_world["clerk"],
                                                       query=clean_query(filing.number))}
    # then the hit reads as a filing
    [hit] = groups["applications"].hits
    assert hit.detail == "Filing completed (not drawn for a spot check)"
