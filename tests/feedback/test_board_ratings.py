"""The coverage board's mean rating under the integrity rule (``Receipt.objects.rating_visible_to``): figures only
from ratings the viewer may read, no column where the viewer may read none."""

from __future__ import annotations

from django.urls import reverse

from feedback.selectors.board import coverage_board
from tests.feedback.supervision_helpers import at, rate_new_act

MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def _board(user):  # type: ignore[no-untyped-def]
    return coverage_board(user, start=at(2026, 3, 1).date(), end=at(2026, 3, 31).date(), now=at(2026, 3, 5))


def test_board_gives_the_units_own_supervisor_no_mean_rating_of_the_unit(rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    row = _board(rating_world["own_supervisor"])["units"][0]
    assert (row.acts, row.satisfaction, row.rating_shown) == (1, None, False)


def test_board_gives_the_units_own_supervisor_no_mean_rating_of_its_officers(rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    row = _board(rating_world["own_supervisor"])["officers"][0]
    assert (row.acts, row.satisfaction, row.rating_shown) == (1, None, False)


def test_board_leaves_the_viewers_own_acts_out_of_the_units_mean(rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    # the viewer was the officer of this act
    rate_new_act(rating_world, overall=5, officer=rating_world["supervisor_above"])
    row = _board(rating_world["supervisor_above"])["units"][0]
    assert (row.acts, row.satisfaction) == (2, 2.0)


def test_board_gives_no_mean_rating_on_the_viewers_own_officer_row(rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=5, officer=rating_world["supervisor_above"])
    rows = {row.key: row for row in _board(rating_world["supervisor_above"])["officers"]}
    row = rows[rating_world["supervisor_above"].pk]
    assert (row.satisfaction, row.rating_shown) == (
        None,
        False,
    )


def test_board_page_has_no_mean_rating_column_for_the_units_own_supervisor(client, rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    client.force_login(rating_world["own_supervisor"])
    page = client.get(reverse("feedback:board"), MARCH).content.decode()
    assert 'data-row="' in page
    assert 'data-col="satisfaction"' not in page


def test_board_page_says_why_the_mean_rating_is_withheld(client, rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    client.force_login(rating_world["own_supervisor"])
    page = client.get(reverse("feedback:board"), MARCH).content.decode()
    assert 'id="ratings-withheld"' in page


def test_board_export_has_no_mean_rating_column_for_the_units_own_supervisor(client, rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    client.force_login(rating_world["own_supervisor"])
    body = client.get(reverse("feedback:board"), {**MARCH, "export": "csv"}).content.decode("utf-8-sig")
    header, unit_row, _officer_row = body.strip().splitlines()
    assert (len(header.split(",")), len(unit_row.split(","))) == (8, 8)  # 9 with the mean rating


def test_board_page_keeps_the_mean_rating_for_a_supervisor_outside_the_unit(client, rating_world) -> None:  # type: ignore[no-untyped-def]
    rate_new_act(rating_world, overall=2)
    client.force_login(rating_world["supervisor_above"])
    page = client.get(reverse("feedback:board"), MARCH).content.decode()
    assert 'data-col="satisfaction">2.0<' in page
