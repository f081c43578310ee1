"""Hazard reports in 好差评: the reporter's rating counts in the figures, once, per unit, without a second
follow-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from feedback.hazard_reports.enums import ReportStatus
from feedback.hazard_reports.services.reporter import hazard_report_rate
from firesvc.accounts.roles import Role
from firesvc.reviews.models import FollowUp, Review
from firesvc.reviews.selectors import satisfaction_figures
from tests.factories import staff
from tests.hazard_reports.conftest import rate_report
from tests.hazard_reports.test_reporter import _closed, _submit


def _figures(user):  # type: ignore[no-untyped-def]
    now = timezone.now()
    return satisfaction_figures(user, first=now - timedelta(days=1), last=now + timedelta(days=1))


def test_rating_is_recorded_once_in_the_reviews_against_the_community(place) -> None:
    report = hazard_report_rate(report=_closed(place), rating="satisfied", comment="处理及时")
    review = Review.objects.for_owner(report).get()
    assert (review.kind, review.stage, review.channel, review.level, review.score) == (
        "hazard_report", "completion", "online", "satisfied", 4)
    assert (review.unit_id, review.rater_id, review.comment) == (place["community"].pk, None, "处理及时")


def test_report_without_a_community_counts_against_its_subdistrict(place) -> None:
    report = hazard_report_rate(report=_closed(place, community=None, grid=None), rating="very_satisfied")
    assert Review.objects.for_owner(report).get().unit_id == place["subdistrict"].pk


def test_second_rating_refused_and_not_recorded(place) -> None:
    report = hazard_report_rate(report=_closed(place), rating="satisfied")
    with pytest.raises(ValidationError):
        rate_report(report, "dissatisfied")
    assert Review.objects.for_owner(report).count() == 1


def test_open_report_rating_refused_and_nothing_recorded(place) -> None:
    with pytest.raises(ValidationError):
        hazard_report_rate(report=_submit(place), rating="satisfied")
    assert not Review.objects.exists()


def test_dissatisfied_rating_reopens_the_report_and_opens_no_second_follow_up(place) -> None:
    report = hazard_report_rate(report=_closed(place), rating="dissatisfied", comment="没有人来")
    assert report.status == ReportStatus.REOPENED
    assert Review.objects.for_owner(report).get().level == "dissatisfied"
    assert not FollowUp.objects.exists()


def test_a_window_code_rating_dissatisfied_without_a_comment_is_refused(place) -> None:
    from feedback.hazard_reports import reviews
    from firesvc.reviews.services import review_submit

    with pytest.raises(ValidationError) as refused:
        review_submit(kind=reviews.KIND, case=_closed(place), stage="completion", channel="window",
                      level="very_dissatisfied")
    assert list(refused.value.message_dict) == ["comment"]


def test_the_window_rating_code_page_of_a_hazard_report_is_not_found(client, place) -> None:  # type: ignore[no-untyped-def]
    # The reporter rates on the tracking page: a rating given elsewhere would not reopen the report.
    report = _closed(place)
    client.force_login(place["duty"])
    response = client.get(reverse("reviews:window_code", args=["hazard_report", report.pk, "completion"]))
    assert response.status_code == 404


def test_a_window_rating_token_of_a_hazard_report_rates_nothing(client, place) -> None:  # type: ignore[no-untyped-def]
    from feedback.hazard_reports import reviews
    from firesvc.reviews.services import window_token

    report = _closed(place)
    token = window_token(kind=reviews.KIND, case=report, stage="completion")
    response = client.post(reverse("reviews:window_rate", args=[token]),
                           {"level": "very_dissatisfied", "comment": "没有人来"})
    assert response.status_code == 404
    assert not Review.objects.for_owner(report).exists()


def test_figures_of_the_unit_include_the_rating(place) -> None:
    hazard_report_rate(report=_closed(place), rating="dissatisfied", comment="没有人来")
    supervisor = staff(Role.SUPERVISOR, place["detachment"])
    units = {row.key: row for row in _figures(supervisor)["units"]}
    row = units[(place["community"].pk, place["community"].name)]
    assert (row.ratings, row.bad) == (1, 1)
    # Answered by the report's own reopen, not a follow-up: not counted as a bad review left unvisited.
    assert (row.followed, row.visited_share) == (0, None)


def test_figures_of_another_unit_leave_the_rating_out(place, other_place) -> None:
    hazard_report_rate(report=_closed(place), rating="satisfied")
    outsider = staff(Role.SUPERVISOR, other_place["subdistrict"])
    assert _figures(outsider)["units"] == []


def test_rating_on_the_tracking_page_is_recorded_once(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _closed(place)
    url = reverse("hazard_reports:track", args=[report.tracking_code])
    for _n in range(2):
        client.post(url, {"rating": "very_satisfied", "comment": ""})
    assert Review.objects.for_owner(report).count() == 1


def test_wrong_tracking_code_cannot_rate(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _closed(place)
    response = client.post(reverse("hazard_reports:track", args=[report.tracking_code + "x"]),
                           {"rating": "very_satisfied", "comment": ""})
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_stats_section_counts_the_rating_for_the_unit(place) -> None:
    from firesvc.stats.registry import counter, counter_queryset

    hazard_report_rate(report=_closed(place), rating="very_satisfied")
    today = timezone.localdate()
    rows = counter_queryset(counter("reviews_given"), first=today, last=today, unit_ids=[place["community"].pk])
    assert rows.count() == 1


# --- ratings given before 好差评 recorded them (migration 0006) ---------------------------------------------

def _backfill() -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("feedback.hazard_reports.migrations.0006_ratings_into_reviews").ratings_into_reviews(
        apps, None)


def _rated_on_the_report_only(place, rating: str = "fairly_satisfied"):  # type: ignore[no-untyped-def]
    from feedback.hazard_reports.models import HazardReport

    report = _closed(place)
    rated_at = timezone.now() - timedelta(days=40)
    HazardReport.objects.filter(pk=report.pk).update(rating=rating, rating_comment="还行", rated_at=rated_at)
    return report, rated_at


def test_an_earlier_rating_becomes_the_reports_completion_review(place) -> None:
    report, rated_at = _rated_on_the_report_only(place)
    _backfill()
    review = Review.objects.for_owner(report).get()
    assert (review.kind, review.stage, review.channel, review.level, review.score) == (
        "hazard_report", "completion", "online", "fairly_satisfied", 3)
    assert (review.unit_id, review.comment, review.created_at) == (place["community"].pk, "还行", rated_at)
    assert review.case_label == f"隐患举报 #{report.pk} {report.address}"


def test_the_backfill_run_again_adds_nothing(place) -> None:
    _rated_on_the_report_only(place)
    _backfill()
    _backfill()
    assert Review.objects.count() == 1


def test_the_backfill_leaves_a_rating_recorded_in_the_reviews_alone(place) -> None:
    report = hazard_report_rate(report=_closed(place), rating="satisfied")
    _backfill()
    assert list(Review.objects.for_owner(report).values_list("level", flat=True)) == ["satisfied"]


def test_the_backfilled_rating_counts_in_the_figures(place) -> None:
    supervisor = staff(Role.SUPERVISOR, place["detachment"])
    _rated_on_the_report_only(place, rating="very_dissatisfied")
    _backfill()
    now = timezone.now()
    figures = satisfaction_figures(supervisor, first=now - timedelta(days=60), last=now)
    row = {row.key: row for row in figures["units"]}[(place["community"].pk, place["community"].name)]
    assert (row.ratings, row.bad) == (1, 1)


# --- the supervisor's review (督察复核) answers the bad rating ------------------------------------------------

def _reviewed(place):  # type: ignore[no-untyped-def]
    from feedback.hazard_reports.services.reporter import hazard_report_review_close

    supervisor = staff(Role.SUPERVISOR, place["detachment"])
    report = rate_report(_closed(place), "dissatisfied")
    hazard_report_review_close(report=report, actor=supervisor, note="已约谈物业，复查已清理")
    return report, supervisor


def test_a_reviewed_bad_rating_counts_as_visited_and_rectified_in_the_figures(place) -> None:
    _report, supervisor = _reviewed(place)
    row = {row.key: row for row in _figures(supervisor)["units"]}[(place["community"].pk, place["community"].name)]
    assert (row.bad, row.followed, row.visited_share, row.rectified_share) == (1, 1, 100.0, 100.0)


def test_a_reviewed_bad_rating_is_in_the_list_of_handled_bad_reviews(place) -> None:
    from firesvc.reviews.selectors import follow_up_queue

    report, supervisor = _reviewed(place)
    done = follow_up_queue(supervisor, open_only=False)
    assert [(row.follow_up.review.owner_id, row.follow_up.status, row.follow_up.reply) for row in done] == [
        (report.pk, "closed", "已约谈物业，复查已清理")]


def test_the_follow_up_page_of_a_reviewed_bad_rating_shows_the_review(client, place) -> None:  # type: ignore[no-untyped-def]
    _report, supervisor = _reviewed(place)
    client.force_login(supervisor)
    response = client.get(reverse("reviews:follow_up", args=[FollowUp.objects.get().pk]))
    assert "已约谈物业，复查已清理" in response.content.decode()


def test_stats_count_the_reviewed_bad_rating_as_followed_up(place) -> None:
    from firesvc.stats.registry import counter, counter_queryset

    _reviewed(place)
    today = timezone.localdate()
    rows = counter_queryset(counter("reviews_bad_followed"), first=today, last=today, unit_ids=[place["community"].pk])
    assert rows.count() == 1


def test_the_supervisors_review_is_recorded_once_as_the_follow_up(place) -> None:
    from feedback.hazard_reports import reviews
    from firesvc.reviews.services import review_answered_by_owner

    report, supervisor = _reviewed(place)
    assert review_answered_by_owner(kind=reviews.KIND, case=report, actor=supervisor, answer="again") is None
    assert FollowUp.objects.get().visited_by == supervisor
