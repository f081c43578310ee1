"""Migration 0021 keeps on the completion filings' acceptance notices issued before it what they printed until
then: the basis of the rule set in force and the draw (IntakeNotice.legal_basis, spot_check_*)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from approvals.models import Application, IntakeNotice
from approvals.services.intake import application_accept
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db

fill = importlib.import_module("approvals.migrations.0021_filing_notice_frozen").fill

BASIS = "《中华人民共和国消防法》第十三条和《建设工程消防监督管理规定》(公安部令第119号)第二十四条"


def _issued_before(world, settings, *, drawn: bool) -> IntakeNotice:  # type: ignore[no-untyped-def]
    """A filing's acceptance notice as issued before the migration: nothing kept on it."""
    settings.FILING_SPOT_CHECK_RATIO = 1.0 if drawn else 0.0
    notice = application_accept(actor=world["clerk"], application=make_submitted(world, "completion_filing"))
    IntakeNotice.objects.filter(pk=notice.pk).update(legal_basis="", spot_check_selected=None, spot_check_due=None)
    return notice


def test_the_migration_keeps_the_basis_and_the_draw_of_a_filing_not_drawn(approvals_world, settings) -> None:
    notice = _issued_before(approvals_world, settings, drawn=False)
    fill(apps, None)
    notice.refresh_from_db()
    assert (notice.legal_basis, notice.spot_check_selected, notice.spot_check_due) == (BASIS, False, None)


def test_the_migration_keeps_a_drawn_filings_spot_check_due_date(approvals_world, settings) -> None:
    notice = _issued_before(approvals_world, settings, drawn=True)
    fill(apps, None)
    notice.refresh_from_db()
    due = Application.objects.get(pk=notice.application_id).due_date
    assert (notice.spot_check_selected, notice.spot_check_due) == (True, due)


def test_the_migration_leaves_the_other_matters_notices_alone(approvals_world) -> None:
    notice = application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))
    fill(apps, None)
    notice.refresh_from_db()
    assert (notice.legal_basis, notice.spot_check_selected) == ("", None)
