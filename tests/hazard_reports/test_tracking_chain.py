"""The reporter's tracking page, block "fire supervision": once the duty officer has recorded the check (and
closed the report), it no longer says the check is going on (feedback.hazard_reports.selectors.public_chain)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from enterprises.safety.enums import HazardStatus
from feedback.hazard_reports.enums import DispatchTarget, VerificationOutcome
from feedback.hazard_reports.selectors import public_hazard_stage
from feedback.hazard_reports.services.reports import (
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_dispatch,
    hazard_report_submit,
    hazard_report_verify,
)

pytestmark = pytest.mark.django_db


def _to_supervision(units):  # type: ignore[no-untyped-def]
    report = hazard_report_submit(
        category="electrical", subdistrict=units["subdistrict"], community=units["community"], grid=units["grid"],
        address="友谊街12号", description="电线裸露", reporter_phone="13912345678")
    hazard_report_acknowledge(report=report, actor=units["duty"])
    return hazard_report_dispatch(report=report, actor=units["duty"], target=DispatchTarget.FIRE_SUPERVISION)


def _chain(client, report) -> str:  # type: ignore[no-untyped-def]
    page = client.get(report.get_tracking_url()).content.decode()
    block = page[page.index("data-chain-hazard"):]
    return block[:block.index("</li>")]


def _checking() -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the page's language
        return gettext("Being checked by fire supervision")


def test_tracking_page_of_a_closed_report_does_not_say_supervision_is_checking(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _to_supervision(place)
    hazard_report_verify(report=report, actor=place["duty"], outcome=VerificationOutcome.CONFIRMED_ORDERED)
    report = hazard_report_close(report=report, actor=place["duty"], reply="已转消防监督责令整改")
    assert _checking() not in _chain(client, report)


def test_tracking_page_of_a_closed_report_dates_the_completed_check(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _to_supervision(place)
    report = hazard_report_verify(report=report, actor=place["duty"], outcome=VerificationOutcome.CONFIRMED_ORDERED)
    report = hazard_report_close(report=report, actor=place["duty"], reply="已转消防监督责令整改")
    assert f"data-chain-checked>{timezone.localtime(report.verified_at):%Y-%m-%d %H:%M}<" in _chain(client, report)


def test_tracking_page_of_a_verified_report_does_not_say_supervision_is_checking(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _to_supervision(place)
    report = hazard_report_verify(report=report, actor=place["duty"], outcome=VerificationOutcome.NOT_FOUND)
    assert _checking() not in _chain(client, report)


def test_public_hazard_stage_keeps_a_later_stage_of_a_closed_report() -> None:
    stage, at = public_hazard_stage(hazard_status=HazardStatus.ORDERED, verified_at=None, closed_at=None)
    now = timezone.now()
    assert public_hazard_stage(hazard_status=HazardStatus.ORDERED, verified_at=now, closed_at=now) == (stage, at)
