"""E7: designation by category thresholds, the 六加一 checklist, the yearly letter, coverage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import Industry
from enterprises.models import Enterprise
from enterprises.safety.models import (
    KeyUnitCategory,
    KeyUnitDesignation,
    KeyUnitMeasure,
    KeyUnitMeasureRecord,
    ResponsibilityLetter,
)
from enterprises.safety.selectors import key_unit_coverage, key_unit_totals
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.key_units import (
    key_unit_designate,
    key_unit_measure_update,
    key_unit_undesignate,
    key_unit_unmet_thresholds,
    responsibility_letter_record,
)
from firesvc.accounts.roles import Role
from tests.factories import EnterpriseFactory, staff
from tests.safety.conftest import PDF


def _category(**kwargs) -> KeyUnitCategory:  # type: ignore[no-untyped-def]
    fields = {"name": "商场测试", "industries": [Industry.RETAIL], "min_building_area": Decimal("1000")}
    fields.update(kwargs)
    return KeyUnitCategory(**fields)


def test_thresholds_met():  # type: ignore[no-untyped-def]
    assert key_unit_unmet_thresholds(category=_category(), industry=Industry.RETAIL,
                                     building_area=Decimal("1200"), occupants=None) == []


def test_thresholds_area_below():  # type: ignore[no-untyped-def]
    unmet = key_unit_unmet_thresholds(category=_category(), industry=Industry.RETAIL, building_area=Decimal("999.9"),
                                      occupants=None)
    assert len(unmet) == 1
    assert "area" in unmet[0]


def test_thresholds_wrong_industry():  # type: ignore[no-untyped-def]
    unmet = key_unit_unmet_thresholds(category=_category(min_building_area=None), industry=Industry.OFFICE,
                                      building_area=None, occupants=None)
    assert len(unmet) == 1
    assert "industry" in unmet[0]


def test_thresholds_occupants_missing():  # type: ignore[no-untyped-def]
    unmet = key_unit_unmet_thresholds(category=_category(industries=[], min_building_area=None, min_occupants=50),
                                      industry=Industry.OFFICE, building_area=None, occupants=None)
    assert len(unmet) == 1
    assert "occupants" in unmet[0]


@pytest.fixture
def mall(world):  # type: ignore[no-untyped-def]
    category = _category()
    category.save()
    enterprise = EnterpriseFactory(brigade=world["brigade"], industry=Industry.RETAIL)
    return {"category": category, "enterprise": enterprise}


def _designate(world, mall, area: str = "1500") -> KeyUnitDesignation:  # type: ignore[no-untyped-def]
    return key_unit_designate(enterprise=mall["enterprise"], category=mall["category"], reason="年度界定",
                              building_area=Decimal(area), actor=world["approver"])


@pytest.mark.django_db
def test_designate_sets_key_unit_flag(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    assert Enterprise.objects.get(pk=mall["enterprise"].pk).is_key_unit


@pytest.mark.django_db
def test_designate_refused_below_threshold(world, mall):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="building area"):
        _designate(world, mall, area="500")


@pytest.mark.django_db
def test_designate_refused_to_inspector(world, mall):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        key_unit_designate(enterprise=mall["enterprise"], category=mall["category"], reason="x",
                           building_area=Decimal("1500"), actor=world["inspector"])


@pytest.mark.django_db
def test_redesignate_ends_previous(world, mall):  # type: ignore[no-untyped-def]
    first = _designate(world, mall)
    _designate(world, mall, area="2000")
    first.refresh_from_db()
    assert first.ended_at is not None
    assert KeyUnitDesignation.objects.current().filter(enterprise=mall["enterprise"]).count() == 1


@pytest.mark.django_db
def test_undesignate_clears_flag(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    key_unit_undesignate(enterprise=mall["enterprise"], reason="停业", actor=world["approver"])
    assert not Enterprise.objects.get(pk=mall["enterprise"].pk).is_key_unit


@pytest.mark.django_db
def test_measure_in_place_needs_evidence(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    measure = KeyUnitMeasure.objects.first()
    with pytest.raises(ValidationError) as exc:
        key_unit_measure_update(enterprise=mall["enterprise"], measure=measure, in_place=True,
                                implemented_on=date(2026, 1, 5), actor=world["inspector"])
    assert "evidence" in exc.value.message_dict


@pytest.mark.django_db
def test_measure_recorded_by_enterprise_user(world, mall):  # type: ignore[no-untyped-def]
    from tests.factories import enterprise_user

    _designate(world, mall)
    owner = enterprise_user(mall["enterprise"])
    record = key_unit_measure_update(enterprise=mall["enterprise"], measure=KeyUnitMeasure.objects.first(),
                                     in_place=True, implemented_on=date(2026, 1, 5), evidence=Upload("e.pdf", PDF),
                                     actor=owner)
    assert record.in_place
    assert record.evidence_type == "application/pdf"


@pytest.mark.django_db
def test_letter_must_be_signed_in_its_year_or_the_december_before(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    with pytest.raises(ValidationError) as exc:
        responsibility_letter_record(enterprise=mall["enterprise"], year=2025, signed_on=date(2024, 11, 30),
                                     unit_signatory="张伟", enterprise_signatory="王建华",
                                     scan=Upload("s.pdf", PDF), actor=world["inspector"])
    assert "signed_on" in exc.value.message_dict


@pytest.mark.parametrize(("year", "signed_on", "ok"), [
    (2027, date(2026, 12, 1), True),   # next year's letter, signed in December
    (2027, date(2026, 12, 7), True),   # ... today
    (2027, date(2026, 11, 30), False),  # too early
    (2026, date(2026, 3, 1), True),
    (2026, date(2025, 12, 31), True),
    (2025, date(2026, 1, 2), False),   # after its year
    (2027, date(2027, 1, 5), False),   # still to come
])
def test_letter_signing_window(year, signed_on, ok):  # type: ignore[no-untyped-def]
    from enterprises.safety.services.key_units import letter_signing_error

    assert (letter_signing_error(year=year, signed_on=signed_on, today=date(2026, 12, 7)) is None) is ok


@pytest.mark.django_db
def test_next_years_letter_can_be_recorded_in_december(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    today = timezone.localdate()
    signed_on = today if today.month == 12 else date(today.year - 1, 12, 1)
    year = signed_on.year + 1
    letter = responsibility_letter_record(enterprise=mall["enterprise"], year=year, signed_on=signed_on,
                                          unit_signatory="张伟", enterprise_signatory="王建华",
                                          scan=Upload("s.pdf", PDF), actor=world["inspector"])
    assert letter.year == year


@pytest.mark.django_db
def test_a_wrong_date_and_a_wrong_scan_are_reported_together(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    with pytest.raises(ValidationError) as exc:
        responsibility_letter_record(enterprise=mall["enterprise"], year=2025, signed_on=date(2024, 11, 30),
                                     unit_signatory="张伟", enterprise_signatory="王建华",
                                     scan=Upload("s.txt", b"plain text"), actor=world["inspector"])
    assert {"signed_on", "scan"} <= set(exc.value.message_dict)


def test_the_letter_form_reports_a_wrong_date_with_a_missing_scan():  # type: ignore[no-untyped-def]
    from enterprises.safety.forms import LetterForm

    form = LetterForm({"year": 2025, "signed_on": "2024-11-30", "unit_signatory": "张伟",
                       "enterprise_signatory": "王建华"}, {})
    assert not form.is_valid()
    assert {"signed_on", "scan"} <= set(form.errors)


@pytest.mark.django_db
def test_letter_replaces_same_year(world, mall):  # type: ignore[no-untyped-def]
    _designate(world, mall)
    for signer in ("张伟", "李建国"):
        responsibility_letter_record(enterprise=mall["enterprise"], year=2025, signed_on=date(2025, 1, 10),
                                     unit_signatory=signer, enterprise_signatory="王建华",
                                     scan=Upload("s.pdf", PDF), actor=world["inspector"])
    assert ResponsibilityLetter.objects.get(enterprise=mall["enterprise"]).unit_signatory == "李建国"


# --- coverage -------------------------------------------------------------------------------------------------


def _key_unit(brigade, user, *, measures: int, letter: bool) -> Enterprise:  # type: ignore[no-untyped-def]
    enterprise = EnterpriseFactory(brigade=brigade, is_key_unit=True)
    for measure in KeyUnitMeasure.objects.filter(is_active=True)[:measures]:
        KeyUnitMeasureRecord.objects.create(enterprise=enterprise, measure=measure, in_place=True,
                                            implemented_on=date(2026, 1, 1), updated_by=user)
    if letter:
        year = timezone.localdate().year
        ResponsibilityLetter.objects.create(enterprise=enterprise, year=year, signed_on=date(year, 1, 1),
                                            unit_signatory="a", enterprise_signatory="b", scan="x.pdf",
                                            scan_name="x.pdf", scan_type="application/pdf", uploaded_by=user)
    return enterprise


@pytest.fixture
def covered_tree(world):  # type: ignore[no-untyped-def]
    all_measures = KeyUnitMeasure.objects.filter(is_active=True).count()
    brigade, user = world["brigade"], world["approver"]
    _key_unit(brigade, user, measures=all_measures, letter=True)  # covered
    _key_unit(brigade, user, measures=all_measures, letter=False)  # no letter
    _key_unit(brigade, user, measures=all_measures - 1, letter=True)  # one measure missing
    _key_unit(world["tree"]["b"]["brigade"], user, measures=all_measures, letter=True)  # other detachment
    EnterpriseFactory(brigade=brigade, is_key_unit=False)  # not a key unit
    return world


@pytest.mark.django_db
def test_coverage_counts_units_with_all_measures_and_letter(covered_tree):  # type: ignore[no-untyped-def]
    coverage = key_unit_coverage(user=covered_tree["approver"])
    assert (coverage["total"], coverage["complete"]) == (3, 1)


@pytest.mark.django_db
def test_coverage_total_row_counts_the_letters(client, covered_tree):  # type: ignore[no-untyped-def]
    assert key_unit_coverage(user=covered_tree["approver"])["with_letter"] == 2
    client.force_login(covered_tree["approver"])
    page = client.get(reverse("safety:coverage")).content.decode()
    assert "<td class=\"text-end\" data-with-letter>2</td>" in page


@pytest.mark.django_db
def test_an_unmet_measure_reads_not_in_place(client, covered_tree):  # type: ignore[no-untyped-def]
    unit = Enterprise.objects.filter(brigade=covered_tree["brigade"], is_key_unit=True).order_by("pk")[2]
    client.force_login(covered_tree["approver"])
    page = client.get(reverse("safety:key_unit", args=[unit.pk])).content.decode()
    assert "缺少" not in page
    assert "未落实" in page


def test_the_recheck_note_is_a_recheck_opinion():  # type: ignore[no-untyped-def]
    from enterprises.safety.forms import RecheckForm

    assert str(RecheckForm().fields["note"].label) == "Re-check opinion"


@pytest.mark.django_db
def test_coverage_ignores_inactive_measures(covered_tree):  # type: ignore[no-untyped-def]
    last = KeyUnitMeasure.objects.filter(is_active=True).order_by("order", "pk").last()
    KeyUnitMeasure.objects.filter(pk=last.pk).update(is_active=False)
    assert key_unit_coverage(user=covered_tree["approver"])["complete"] == 2


@pytest.mark.django_db
def test_coverage_constant_queries(covered_tree, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    admin = staff(Role.ADMINISTRATOR, None)
    key_unit_coverage(user=admin)  # the user's roles are read (and kept) on the first call
    with django_assert_max_num_queries(3):
        coverage = key_unit_coverage(user=admin)
    assert len(coverage["rows"]) == 2


@pytest.mark.django_db
def test_totals_are_read_in_one_query(covered_tree, django_assert_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):  # the active measures are counted within it
        totals = key_unit_totals(unit_ids=None)
    assert (totals["total"], totals["complete"]) == (4, 2)


@pytest.mark.django_db
def test_totals_ignore_inactive_measures(covered_tree):  # type: ignore[no-untyped-def]
    brigade = covered_tree["brigade"]
    last = KeyUnitMeasure.objects.filter(is_active=True).order_by("order", "pk").last()
    KeyUnitMeasure.objects.filter(pk=last.pk).update(is_active=False)
    totals = key_unit_totals(unit_ids=[brigade.pk])
    assert (totals["total"], totals["complete"]) == (3, 2)


@pytest.mark.django_db
def test_dashboard_shows_key_units_and_those_covered_in_the_unit(client, covered_tree):  # type: ignore[no-untyped-def]
    client.force_login(covered_tree["approver"])
    response = client.get(reverse("stats:dashboard"))
    key_units = response.context["key_units"]
    assert (key_units["total"], key_units["complete"]) == (3, 1)
    assert 'data-counter="key_units_covered">1<' in response.content.decode()
