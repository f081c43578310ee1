"""The data migration that names the intake clock's rule as the window's (窗口受理审查期限)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from firesvc.sla.models import TimeLimitRule
from firesvc.sla.services import load_rule_sets

pytestmark = pytest.mark.django_db

migration = importlib.import_module("firesvc.sla.migrations.0006_intake_rule_name")


def test_a_database_seeded_with_the_old_name_gets_the_windows_name() -> None:
    load_rule_sets()
    TimeLimitRule.objects.filter(code="intake.deficiency_notice").update(name="一次性告知补正期限")
    migration.rename(apps, None)
    assert set(TimeLimitRule.objects.filter(code="intake.deficiency_notice").values_list("name", flat=True)) == {
        "窗口受理审查期限"}


def test_a_name_an_administrator_gave_the_rule_stays() -> None:
    load_rule_sets()
    TimeLimitRule.objects.filter(code="intake.deficiency_notice").update(name="受理审查（本支队）")
    migration.rename(apps, None)
    assert set(TimeLimitRule.objects.filter(code="intake.deficiency_notice").values_list("name", flat=True)) == {
        "受理审查（本支队）"}
