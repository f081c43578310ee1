"""Migration 0020 gives the cases already open their current clock's unit (Application.clock_unit)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from approvals.models import Application
from approvals.services.intake import application_accept
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db

fill = importlib.import_module("approvals.migrations.0020_application_clock_unit").fill


def test_the_migration_gives_each_open_case_its_current_clocks_unit(approvals_world, settings) -> None:
    # given a spot-checked filing (days) and a case at intake (working days), before the column was filled
    settings.FILING_SPOT_CHECK_RATIO = 1.0
    spot_check = make_submitted(approvals_world, "completion_filing")
    application_accept(actor=approvals_world["clerk"], application=spot_check)
    at_intake = make_submitted(approvals_world)
    Application.objects.update(clock_unit="")

    # when the migration fills it
    fill(apps, None)

    # then each case with a deadline has its clock's unit
    units = dict(Application.objects.filter(pk__in=[spot_check.pk, at_intake.pk]).values_list("pk", "clock_unit"))
    assert units == {spot_check.pk: "days", at_intake.pk: "workdays"}
