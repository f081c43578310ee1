"""The coverage board's mean rating under the integrity rule (``Receipt.objects.rating_visible_to``): figures only
from ratings the viewer may read, no column where the viewer may read none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from feedback.enums import ActKind
from feedback.selectors.board import coverage_board
from feedback.services.receipts import Rating, receipt_rate
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import EnterpriseFactory, staff
from tests.feedback.supervision_helpers import at, make_act

MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    load_rule_sets()
    a = tree["a"]
    return {
        "brigade": a["brigade"],
        "officer": staff(Role.REVIEWER, a["brigade"]),
        "own_supervisor": staff(Role.SUPERVISOR, a["brigade"]),
        "supervisor_above": staff(Role.SUPERVISOR, a["detachment"]),
    }


def _rated(setup, overall: int, officer=None) -> None:  # type: ignore[no-untyped-def]
    act = make_act(
        unit=setup["brigade"],
        officer=officer or setup["officer"],
        kind=ActKind.PENALTY,
        enterprise=EnterpriseFactory(brigade=setup["brigade"]),
    )
    receipt_rate(receipt=act.receipt, rating=Rating(overall=overall), at=at(2026, 3, 3))


def _board(user):  # type: ignore[no-untyped-def]
    return coverage_board(user, start=at(2026, 3, 1).date(), end=at(2026, 3, 31).date(), now=at(2026, 3, 5))


def test_board_gives_the_units_own_supervisor_no_mean_rating_of_the_unit(setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    row = _board(setup["own_supervisor"])["units"][0]
    assert (row.acts, row.satisfaction, row.rating_shown) == (1, None, False)


def test_board_gives_the_units_own_supervisor_no_mean_rating_of_its_officers(setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    row = _board(setup["own_supervisor"])["officers"][0]
    assert (row.acts, row.satisfaction, row.rating_shown) == (1, None, False)


def test_board_leaves_the_viewers_own_acts_out_of_the_units_mean(setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    _rated(setup, 5, officer=setup["supervisor_above"])  # the viewer was the officer of this act
    row = _board(setup["supervisor_above"])["units"][0]
    assert (row.acts, row.satisfaction) == (2, 2.0)


def test_board_gives_no_mean_rating_on_the_viewers_own_officer_row(setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 5, officer=setup["supervisor_above"])
    rows = {row.key: row for row in _board(setup["supervisor_above"])["officers"]}
    assert (rows[setup["supervisor_above"].pk].satisfaction, rows[setup["supervisor_above"].pk].rating_shown) == (
        None,
        False,
    )


def test_board_page_has_no_mean_rating_column_for_the_units_own_supervisor(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    client.force_login(setup["own_supervisor"])
    page = client.get(reverse("feedback:board"), MARCH).content.decode()
    assert 'data-row="' in page
    assert 'data-col="satisfaction"' not in page


def test_board_page_says_why_the_mean_rating_is_withheld(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    client.force_login(setup["own_supervisor"])
    page = client.get(reverse("feedback:board"), MARCH).content.decode()
    assert 'id="ratings-withheld"' in page


def test_board_export_has_no_mean_rating_column_for_the_units_own_supervisor(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    client.force_login(setup["own_supervisor"])
    body = client.get(reverse("feedback:board"), {**MARCH, "export": "csv"}).content.decode("utf-8-sig")
    header, unit_row, _officer_row = body.strip().splitlines()
    assert (len(header.split(",")), len(unit_row.split(","))) == (8, 8)  # 9 with the mean rating


def test_board_page_keeps_the_mean_rating_for_a_supervisor_outside_the_unit(client, setup) -> None:  # type: ignore[no-untyped-def]
    _rated(setup, 2)
    client.force_login(setup["supervisor_above"])
    page = client.get(reverse("feedback:board"), MARCH).content.decode()
    assert 'data-col="satisfaction">2.0<' in page
