"""Filing pre-check (A2) and the random spot check of completion filings (备案抽查)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from approvals.models import PrecheckNotice, SpotCheck
from approvals.precheck import OutcomeCode, PrecheckAnswers, precheck_outcome
from approvals.services.intake import application_accept
from approvals.services.precheck import (
    filing_spot_check_select,
    no_filing_notices_count,
    precheck_record,
    spot_check_selects,
)
from firesvc.audit.models import AuditEvent
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.approvals.conftest import make_submitted

D = Decimal
REVIEW, FILING, NONE = OutcomeCode.REVIEW, OutcomeCode.FILING, OutcomeCode.NONE


def _answers(place: str, area: str, height: str = "10", investment: str | None = None,
             work_type: str = "new") -> PrecheckAnswers:
    return PrecheckAnswers(work_type=work_type, place=place, area=D(area), height=D(height),
                           investment=None if investment is None else D(investment))


# --- the pure rules -----------------------------------------------------------------------------

@pytest.mark.parametrize(("answers", "code", "article"), [
    # 第十三条: each crowded place at its threshold (not over: filing) and just over it (review).
    (_answers("stadium_hall", "20000"), FILING, "第二十四条"),
    (_answers("stadium_hall", "20000.01"), REVIEW, "第十三条第一项"),
    (_answers("terminal", "15000"), FILING, "第二十四条"),
    (_answers("terminal", "15000.01"), REVIEW, "第十三条第二项"),
    (_answers("hotel_mall", "10000"), FILING, "第二十四条"),
    (_answers("hotel_mall", "10000.01"), REVIEW, "第十三条第三项"),
    (_answers("cinema_workshop", "2500"), FILING, "第二十四条"),
    (_answers("cinema_workshop", "2500.01"), REVIEW, "第十三条第四项"),
    (_answers("children_elderly", "1000"), FILING, "第二十四条"),
    (_answers("children_elderly", "1000.01"), REVIEW, "第十三条第五项"),
    (_answers("entertainment", "500"), FILING, "第二十四条"),
    (_answers("entertainment", "500.01"), REVIEW, "第十三条第六项"),
    # 第十三条 comes before the no-permit exemption: a small karaoke bar with little investment.
    (_answers("entertainment", "600", investment="20"), REVIEW, "第十三条第六项"),
    # 第十四条第二、五、六项: whatever the size.
    (_answers("government", "100"), REVIEW, "第十四条第二项"),
    (_answers("infrastructure", "0"), REVIEW, "第十四条第五项"),
    (_answers("hazardous", "50", investment="5"), REVIEW, "第十四条第六项"),
    # 第十四条第三项: other public buildings by area or height; crowded places in a public building over 50 m.
    (_answers("other_public", "40000"), FILING, "第二十四条"),
    (_answers("other_public", "40000.01"), REVIEW, "第十四条第三项"),
    (_answers("other_public", "5000", height="50"), FILING, "第二十四条"),
    (_answers("other_public", "5000", height="50.01"), REVIEW, "第十四条第三项"),
    (_answers("hotel_mall", "8000", height="60"), REVIEW, "第十四条第三项"),
    # 第十四条第四项: 一类高层住宅 (higher than 54 m).
    (_answers("residential", "30000", height="54"), FILING, "第二十四条"),
    (_answers("residential", "30000", height="54.01"), REVIEW, "第十四条第四项"),
    # Factories without dangerous goods are never reviewed, however large.
    (_answers("industrial", "90000", height="60"), FILING, "第二十四条"),
    # No construction permit needed (≤ 300 m² or ≤ 30万元): no filing.
    (_answers("other_public", "300"), NONE, "住建部令第18号"),
    (_answers("other_public", "300.01"), FILING, "第二十四条"),
    (_answers("industrial", "5000", investment="30"), NONE, "住建部令第18号"),
    (_answers("industrial", "5000", investment="30.01"), FILING, "第二十四条"),
    # 第二条第二款: outside the regulation.
    (_answers("residential", "120", work_type="home_fitout"), NONE, "第二条第二款"),
    (_answers("residential", "90000", height="80", work_type="home_fitout"), NONE, "第二条第二款"),
    (_answers("residential", "400", work_type="villager_house"), NONE, "第二条第二款"),
    (_answers("industrial", "2000", work_type="temporary"), NONE, "第二条第二款"),
    # ... but a temporary crowded place is not exempt.
    (_answers("hotel_mall", "12000", work_type="temporary"), REVIEW, "第十三条第三项"),
    (_answers("hotel_mall", "2000", work_type="temporary"), FILING, "第二十四条"),
    # A fit-out follows the same thresholds, for the area fitted out.
    (_answers("hotel_mall", "10500", work_type="fitout"), REVIEW, "第十三条第三项"),
    (_answers("hotel_mall", "250", work_type="fitout"), NONE, "住建部令第18号"),
])
def test_precheck_outcome_rule_branches(answers: PrecheckAnswers, code: str, article: str) -> None:
    outcome = precheck_outcome(answers)

    assert (outcome.code, article in outcome.basis) == (code, True), outcome.basis
    assert outcome.text


@pytest.mark.parametrize(("code", "guides", "spot_check"), [
    (REVIEW, ("design_review", "acceptance"), False),
    (FILING, ("completion_filing",), True),
    (NONE, (), False),
])
def test_precheck_outcome_names_the_matching_guides(code: str, guides: tuple[str, ...], spot_check: bool) -> None:
    example = {REVIEW: _answers("government", "1"), FILING: _answers("industrial", "5000"),
               NONE: _answers("industrial", "100")}[code]

    outcome = precheck_outcome(example)

    assert (outcome.code, outcome.guides, outcome.spot_check_possible) == (code, guides, spot_check)


@pytest.mark.parametrize("answers", [
    _answers("castle", "100"),
    _answers("industrial", "100", work_type="demolition"),
    _answers("industrial", "-1"),
    _answers("industrial", "100", height="-1"),
    _answers("industrial", "100", investment="-1"),
])
def test_precheck_outcome_rejects_bad_answers(answers: PrecheckAnswers) -> None:
    with pytest.raises(ValueError):
        precheck_outcome(answers)


def test_precheck_notice_outcome_choices_match_the_rules() -> None:
    assert PrecheckNotice._meta.get_field("outcome").choices == list(OutcomeCode.choices)


# --- the public page ----------------------------------------------------------------------------

GOOD = {"work_type": "new", "place": "hotel_mall", "area": "12000", "height": "30", "investment": "",
        "enterprise_name": "沈阳华联商贸有限公司", "contact": "王敏 13800000000"}


@pytest.mark.django_db
def test_precheck_page_shows_the_questionnaire(client: Any) -> None:
    response = client.get(reverse("approvals:precheck"))

    assert response.status_code == 200
    assert b'name="area"' in response.content
    assert b'name="place"' in response.content
    assert PrecheckNotice.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "bad_field"), [
    ({"area": ""}, "area"),
    ({"area": "-5"}, "area"),
    ({"place": "castle"}, "place"),
])
def test_precheck_page_bad_input_keeps_the_answers(client: Any, change: dict[str, str], bad_field: str) -> None:
    response = client.post(reverse("approvals:precheck"), {**GOOD, **change})

    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [bad_field]
    html = response.content.decode()
    assert "沈阳华联商贸有限公司" in html
    assert 'value="30"' in html
    if bad_field != "area":
        assert 'value="12000"' in html
    if change.get("area") == "-5":
        assert 'value="-5"' in html
    assert "data-form-errors" in html
    assert PrecheckNotice.objects.count() == 0


@pytest.mark.django_db
def test_precheck_page_records_the_result_and_links_the_guides(client: Any, approvals_world: dict[str, Any]) -> None:
    brigade = approvals_world["brigade"]

    response = client.post(reverse("approvals:precheck"), {**GOOD, "brigade": str(brigade.pk)})

    assert response.status_code == 200
    notice = PrecheckNotice.objects.get()
    assert (notice.outcome, notice.brigade, notice.enterprise_name) == (REVIEW, brigade, "沈阳华联商贸有限公司")
    assert "第十三条第三项" in notice.rule
    assert notice.answers["area"] == "12000"
    html = response.content.decode()
    assert notice.number in html
    assert "第十三条第三项" in html
    assert reverse("approvals:guide", args=["design_review"]) in html
    assert reverse("approvals:guide", args=["acceptance"]) in html
    event = AuditEvent.objects.get(action="precheck.record")
    assert (event.object_id, event.to_state, event.unit) == (str(notice.pk), REVIEW, brigade)


@pytest.mark.django_db
def test_precheck_page_no_filing_result_has_no_guide(client: Any) -> None:
    response = client.post(reverse("approvals:precheck"), {**GOOD, "work_type": "home_fitout", "place": "residential",
                                                           "area": "90"})

    assert response.context["outcome"].code == NONE
    assert response.context["guides"] == []
    assert PrecheckNotice.objects.get().outcome == NONE


# --- the statistics -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_no_filing_notices_count_in_scope_and_period(approvals_world: dict[str, Any], tree: Any) -> None:
    # given: no-filing notices of 甲 inside and outside March, one of 乙, one with no brigade, one filing
    a, b = tree["a"]["brigade"], tree["b"]["brigade"]
    none_answers = _answers("industrial", "100")
    tz = timezone.get_current_timezone()

    def record(when: tuple[int, int, int, int], brigade: Any, answers: PrecheckAnswers = none_answers) -> None:
        with time_machine.travel(datetime(2026, *when, tzinfo=tz), tick=False):
            precheck_record(answers=answers, brigade=brigade)

    record((3, 1, 0, 0), a)  # first minute of the period (local time)
    record((3, 31, 23, 59), a)  # last minute of the period
    record((3, 15, 10, 0), a, _answers("industrial", "5000"))  # filing needed: not counted
    record((2, 28, 23, 59), a)  # before
    record((4, 1, 0, 0), a)  # after
    record((3, 10, 9, 0), b)  # another brigade
    record((3, 10, 9, 0), None)  # no brigade given

    # when / then
    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert no_filing_notices_count(a, *march) == 2
    assert no_filing_notices_count(tree["a"]["detachment"], *march) == 2
    assert no_filing_notices_count(b, *march) == 1
    assert no_filing_notices_count(None, *march) == 4
    assert no_filing_notices_count(a, date(2026, 2, 1), date(2026, 4, 30)) == 4


@pytest.mark.django_db
def test_precheck_record_numbers_notices_in_sequence() -> None:
    first, _ = precheck_record(answers=_answers("industrial", "100"))
    second, _ = precheck_record(answers=_answers("industrial", "100"))

    year = timezone.localtime().year
    assert first.number.startswith(f"消预告〔{year}〕")
    assert first.number != second.number


# --- spot check (抽查) --------------------------------------------------------------------------

@pytest.mark.parametrize("ratio", [D("0.1"), D("0.3"), D("0.5")])
def test_spot_check_selects_about_the_configured_share(ratio: Decimal) -> None:
    numbers = [f"JZ-B-2026-{n:06d}" for n in range(1, 2001)]

    share = sum(spot_check_selects(number, 2026, ratio, salt="test") for number in numbers) / len(numbers)

    assert abs(share - float(ratio)) < 0.04  # ~4 standard deviations at n = 2000


def test_spot_check_draw_is_reproducible_and_changes_with_the_year() -> None:
    numbers = [f"JZ-B-2026-{n:06d}" for n in range(1, 1001)]

    first = [spot_check_selects(n, 2026, D("0.3"), salt="s") for n in numbers]
    again = [spot_check_selects(n, 2026, D("0.3"), salt="s") for n in numbers]
    next_year = [spot_check_selects(n, 2027, D("0.3"), salt="s") for n in numbers]

    assert first == again
    assert first != next_year


@pytest.mark.parametrize(("ratio", "expected"), [(0, False), (1, True)])
def test_spot_check_ratio_bounds(ratio: int, expected: bool) -> None:
    assert all(spot_check_selects(f"N{n}", 2026, D(ratio), salt="s") is expected for n in range(200))


def _spot_check_clocks(application: Any) -> list[Clock]:
    return list(Clock.objects.for_owner(application).filter(rule__code="filing.spot_check"))


@pytest.mark.django_db
def test_filing_spot_check_selected_starts_a_running_clock(approvals_world: dict[str, Any], settings: Any) -> None:
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    filing = make_submitted(approvals_world, "completion_filing")

    selected = filing_spot_check_select(application=filing, actor=approvals_world["clerk"])

    assert selected is True
    [clock] = _spot_check_clocks(filing)
    assert (clock.status, clock.purpose, clock.limit, clock.unit) == (
        ClockStatus.RUNNING, "spot_check", 20, approvals_world["brigade"])
    spot = SpotCheck.objects.get(application=filing)
    assert (spot.selected, spot.ratio) == (True, D("1"))
    assert AuditEvent.objects.filter(action="filing.spot_check_select", object_id=str(filing.pk)).count() == 1
    filing.refresh_from_db()
    assert filing.due_at == clock.due_at


@pytest.mark.django_db
def test_filing_spot_check_not_selected_starts_no_clock(approvals_world: dict[str, Any], settings: Any) -> None:
    settings.FILING_SPOT_CHECK_RATIO = 0
    filing = make_submitted(approvals_world, "completion_filing")

    assert filing_spot_check_select(application=filing, actor=approvals_world["clerk"]) is False
    assert _spot_check_clocks(filing) == []
    assert SpotCheck.objects.get(application=filing).selected is False


@pytest.mark.django_db
def test_filing_spot_check_same_application_same_answer(approvals_world: dict[str, Any], settings: Any) -> None:
    filing = make_submitted(approvals_world, "completion_filing")
    first = filing_spot_check_select(application=filing, actor=approvals_world["clerk"])
    settings.FILING_SPOT_CHECK_RATIO = 0.0 if first else 1.0  # a changed ratio does not redraw a decided filing

    again = filing_spot_check_select(application=filing, actor=approvals_world["clerk"])

    assert again == first
    assert SpotCheck.objects.filter(application=filing).count() == 1
    assert AuditEvent.objects.filter(action="filing.spot_check_select").count() == 1


@pytest.mark.django_db
def test_filing_spot_check_after_accept_keeps_one_clock(approvals_world: dict[str, Any], settings: Any) -> None:
    # application_accept already starts the matter's rule (filing.spot_check) today: no second clock.
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    filing = make_submitted(approvals_world, "completion_filing")
    application_accept(actor=approvals_world["clerk"], application=filing)

    assert filing_spot_check_select(application=filing, actor=approvals_world["clerk"]) is True
    assert len([c for c in _spot_check_clocks(filing) if c.status != ClockStatus.STOPPED]) == 1


@pytest.mark.django_db
def test_filing_spot_check_draw_is_reproducible_across_reruns(approvals_world: dict[str, Any]) -> None:
    # given: the decision is removed (e.g. a restored database) and redrawn
    filing = make_submitted(approvals_world, "completion_filing")
    first = filing_spot_check_select(application=filing, actor=approvals_world["clerk"])
    SpotCheck.objects.filter(application=filing).delete()
    Clock.objects.for_owner(filing).filter(rule__code="filing.spot_check").delete()

    # when / then
    assert filing_spot_check_select(application=filing, actor=approvals_world["clerk"]) == first
