"""E7, the enterprise's side: a key unit's own users see their 六加一 checklist and letter and upload evidence."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.safety.models import KeyUnitCategory, KeyUnitMeasure, KeyUnitMeasureRecord
from enterprises.safety.services.checks import Upload
from enterprises.safety.services.key_units import key_unit_designate, responsibility_letter_record
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from tests.factories import EnterpriseFactory, enterprise_user, staff
from tests.safety.conftest import PDF, PNG

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAGE = "safety:my_key_unit"


@pytest.fixture
def key_unit(world):  # type: ignore[no-untyped-def]
    """The world's enterprise designated a key unit (no thresholds), with this year's letter."""
    category = KeyUnitCategory.objects.create(name="测试类别")
    key_unit_designate(enterprise=world["enterprise"], category=category, reason="人员密集", actor=world["approver"])
    world["enterprise"].refresh_from_db()
    return world


def _measure() -> KeyUnitMeasure:
    return KeyUnitMeasure.objects.filter(is_active=True).order_by("order", "pk").first()


def _upload(client, *, data: bytes = PDF, name: str = "巡查记录.pdf", since: date = TODAY):  # type: ignore
    measure = _measure()
    prefix = f"m{measure.pk}"
    return client.post(reverse("safety:my_key_unit_evidence", args=[measure.pk]), {
        f"{prefix}-implemented_on": since.isoformat(), f"{prefix}-note": "每日巡查",
        f"{prefix}-evidence": SimpleUploadedFile(name, data)})


def test_the_page_lists_every_active_measure_as_missing_at_first(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    body = client.get(reverse(PAGE)).content.decode()
    assert body.count('data-measure-state="missing"') == KeyUnitMeasure.objects.filter(is_active=True).count() > 0


def test_the_page_shows_a_measure_in_place_with_its_date_and_evidence(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    _upload(client, since=date(TODAY.year, 1, 2))
    body = client.get(reverse(PAGE)).content.decode()
    assert f'data-measure="{_measure().code}" data-measure-state="in_place"' in body
    assert f"{TODAY.year}-01-02" in body
    assert "巡查记录.pdf" in body


def test_the_page_shows_the_current_responsibility_letter(client, key_unit) -> None:  # type: ignore
    responsibility_letter_record(enterprise=key_unit["enterprise"], year=TODAY.year, signed_on=TODAY,
                                 unit_signatory="张队长", enterprise_signatory="王经理",
                                 scan=Upload("责任书.pdf", PDF), actor=key_unit["inspector"])
    client.force_login(key_unit["owner"])
    body = client.get(reverse(PAGE)).content.decode()
    assert "张队长 / 王经理" in body
    assert "责任书.pdf" in body


def test_an_enterprise_that_is_not_a_key_unit_is_told_so(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["owner"])
    body = client.get(reverse(PAGE)).content.decode()
    assert "data-not-key-unit" in body
    assert "data-measure=" not in body


def test_uploading_evidence_records_the_measure_in_place(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    response = _upload(client)
    record = KeyUnitMeasureRecord.objects.get(enterprise=key_unit["enterprise"], measure=_measure())
    assert response["Location"] == reverse(PAGE)
    assert (record.in_place, record.implemented_on, record.evidence_name, record.updated_by) == (
        True, TODAY, "巡查记录.pdf", key_unit["owner"])


def test_uploading_evidence_writes_an_audit_event(client, key_unit) -> None:  # type: ignore[no-untyped-def]
    client.force_login(key_unit["owner"])
    _upload(client)
    event = AuditEvent.objects.filter(action="key_unit.measure").get()
    assert (event.actor_id, event.to_state) == (key_unit["owner"].pk, "in_place")


def test_staff_see_the_evidence_the_enterprise_uploaded(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    _upload(client)
    client.force_login(key_unit["inspector"])
    body = client.get(reverse("safety:key_unit", args=[key_unit["enterprise"].pk])).content.decode()
    assert "巡查记录.pdf" in body


def test_a_file_of_the_wrong_type_is_refused_with_a_clear_message(client, key_unit, settings) -> None:  # type: ignore
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(key_unit["owner"])
    response = _upload(client, data=b"MZ\x90\x00 not a document", name="evidence.pdf")
    assert response.status_code == 400
    assert "checked by its content" in response.content.decode()
    assert not KeyUnitMeasureRecord.objects.exists()


def test_a_file_over_the_limit_is_refused_with_a_clear_message(client, key_unit, settings) -> None:  # type: ignore
    settings.MAX_UPLOAD_MB = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(key_unit["owner"])
    response = _upload(client, data=PDF + b"x" * (1024 * 1024 + 1))
    assert response.status_code == 400
    assert "at most 1 MB is accepted" in response.content.decode()
    assert not KeyUnitMeasureRecord.objects.exists()


def test_a_date_in_the_future_is_refused(client, key_unit) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    client.force_login(key_unit["owner"])
    response = _upload(client, since=TODAY + timedelta(days=3))
    assert response.status_code == 400
    assert not KeyUnitMeasureRecord.objects.exists()


def test_an_unverified_user_cannot_upload(client, key_unit) -> None:  # type: ignore[no-untyped-def]
    pending = enterprise_user(key_unit["enterprise"], status="pending")
    client.force_login(pending)
    response = _upload(client)
    assert response.status_code == 403
    assert not KeyUnitMeasureRecord.objects.exists()


def test_an_unverified_user_does_not_see_the_checklist(client, key_unit) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user(key_unit["enterprise"], status="pending"))
    body = client.get(reverse(PAGE)).content.decode()
    assert "data-unverified" in body
    assert "data-measure=" not in body


def test_an_unverified_claim_does_not_see_the_designation(key_unit) -> None:  # type: ignore[no-untyped-def]
    from enterprises.enums import AccountStatus
    from enterprises.safety.models import KeyUnitDesignation

    pending = enterprise_user(key_unit["enterprise"], status=AccountStatus.PENDING)
    assert not KeyUnitDesignation.objects.visible_to(pending).exists()


def test_a_user_of_another_enterprise_uploads_only_for_their_own(client, key_unit) -> None:  # type: ignore
    other = EnterpriseFactory(brigade=key_unit["brigade"])  # not a key unit
    client.force_login(enterprise_user(other))
    response = _upload(client)
    assert response.status_code == 400
    assert "data-not-key-unit" in response.content.decode()
    assert not KeyUnitMeasureRecord.objects.exists()


def test_another_enterprise_cannot_download_the_evidence(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    _upload(client, data=PNG, name="标志.png")
    record = KeyUnitMeasureRecord.objects.get()
    client.force_login(enterprise_user(EnterpriseFactory(brigade=key_unit["brigade"])))
    assert client.get(reverse("safety:key_unit_file", args=["measure", record.pk])).status_code == 404


def test_an_unverified_account_cannot_download_the_evidence(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    _upload(client, data=PNG, name="标志.png")
    record = KeyUnitMeasureRecord.objects.get()
    assert client.get(reverse("safety:key_unit_file", args=["measure", record.pk])).status_code == 200
    client.force_login(enterprise_user(key_unit["enterprise"], status="pending"))
    assert client.get(reverse("safety:key_unit_file", args=["measure", record.pk])).status_code == 404


def test_staff_cannot_open_the_enterprise_page(client, key_unit) -> None:  # type: ignore[no-untyped-def]
    client.force_login(key_unit["inspector"])
    assert client.get(reverse(PAGE)).status_code == 403


def test_the_enterprise_user_reaches_the_page_from_the_navigation(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    body = client.get(reverse("enterprises:mine")).content.decode()
    assert body.count(f'href="{reverse(PAGE)}"') >= 2  # the bar's "My enterprise" group and the home page


def test_the_page_takes_the_same_queries_with_records_and_without(client, key_unit) -> None:  # type: ignore
    client.force_login(key_unit["owner"])
    client.get(reverse(PAGE))
    with CaptureQueriesContext(connection) as empty:
        client.get(reverse(PAGE))
    _upload(client)
    with CaptureQueriesContext(connection) as filled:
        client.get(reverse(PAGE))
    assert len(filled) == len(empty)


def test_staff_of_another_role_have_no_link(client, key_unit) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.APPROVER, key_unit["brigade"]))
    assert reverse(PAGE) not in client.get(reverse("home")).content.decode()
