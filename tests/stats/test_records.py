"""The records behind each dashboard figure (C6): exactly the counted rows, in scope, nothing hidden leaks."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.models import Consultation
from feedback.enums import ComplaintKind, ComplaintSource
from feedback.services.complaints import complaint_open
from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _consultation(unit, clerk, when: datetime, question: str) -> Consultation:  # type: ignore[no-untyped-def]
    row = Consultation.objects.create(unit=unit, clerk=clerk, question=question, answer="答")
    Consultation.objects.filter(pk=row.pk).update(created_at=when)
    return row


def _local(d: date) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10), timezone.get_current_timezone())


def _records(client, user, key: str, **params):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(reverse("stats:records", args=[key]), params)


def test_records_page_lists_exactly_the_counted_rows(client, tree) -> None:  # type: ignore[no-untyped-def]
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    inside = _consultation(tree["a"]["brigade"], clerk, _local(date(2026, 3, 10)), "在期间内")
    _consultation(tree["a"]["brigade"], clerk, _local(date(2026, 2, 10)), "期间之前")
    _consultation(tree["b"]["brigade"], clerk, _local(date(2026, 3, 10)), "其他大队")
    response = _records(client, staff(Role.APPROVER, tree["a"]["brigade"]), "consultations",
                        unit=tree["a"]["brigade"].pk, start="2026-03-01", end="2026-03-31")
    assert response.status_code == 200
    assert [row["label"] for row in response.context["rows"]] == [str(inside)]
    assert response.context["page"].paginator.count == 1


def test_dashboard_links_each_counter_to_its_records(client, tree) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.APPROVER, tree["a"]["brigade"]))
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert reverse("stats:records", args=["consultations"]) in page


def test_records_of_a_unit_outside_the_scope_are_refused(client, tree) -> None:  # type: ignore[no-untyped-def]
    response = _records(client, staff(Role.APPROVER, tree["a"]["brigade"]), "consultations",
                        unit=tree["b"]["brigade"].pk, start="2026-03-01", end="2026-03-31")
    assert response.status_code == 400
    assert "rows" not in response.context


def test_unknown_counter_is_404(client, tree) -> None:  # type: ignore[no-untyped-def]
    assert _records(client, staff(Role.APPROVER, tree["a"]["brigade"]), "no_such_counter").status_code == 404


def test_records_are_closed_to_enterprise_users(client, tree) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import EnterpriseFactory, enterprise_user

    user = enterprise_user(EnterpriseFactory(brigade=tree["a"]["brigade"]))
    assert _records(client, user, "consultations").status_code == 403


def test_complaint_records_never_show_an_integrity_report(client, tree) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()
    officer = staff(Role.SUPERVISOR, tree["a"]["brigade"])
    today = timezone.localdate()
    ordinary = complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE,
                              unit=tree["a"]["brigade"], text="迟到", actor=None)
    complaint_open(kind=ComplaintKind.INTEGRITY, source=ComplaintSource.HOTLINE, unit=tree["a"]["brigade"],
                   text="索要购物卡", subject_officers=[officer], actor=None)
    response = _records(client, officer, "complaints_received", unit=tree["a"]["brigade"].pk,
                        start=today.replace(day=1).isoformat(), end=today.isoformat())
    assert [row["label"] for row in response.context["rows"]] == [str(ordinary)]
    assert "索要购物卡" not in response.content.decode()


def test_receipt_rating_records_list_every_receipt_alike_to_the_officer(client, tree) -> None:  # type: ignore[no-untyped-def]
    from feedback.services.receipts import Rating, receipt_rate
    from tests.feedback.supervision_helpers import make_act

    load_rule_sets()
    officer = staff(Role.REVIEWER, tree["a"]["brigade"])
    supervisor = staff(Role.SUPERVISOR, tree["a"]["detachment"])
    receipts = []
    for flag in (False, True):
        act = make_act(unit=tree["a"]["brigade"], officer=officer)
        receipts.append(receipt_rate(receipt=act.receipt, rating=Rating(overall=3, integrity_flag=flag)))
    today = timezone.localdate()
    period = {"unit": tree["a"]["brigade"].pk, "start": today.replace(day=1).isoformat(), "end": today.isoformat()}
    rows = _records(client, officer, "receipt_rating_sum", **period).context["rows"]
    assert sorted(row["label"] for row in rows) == sorted(r.number for r in receipts)
    assert [row["sum"] for row in rows] == [None, None]
    rows = _records(client, supervisor, "receipt_rating_sum", **period).context["rows"]
    assert [row["sum"] for row in rows] == [3, 3]


def test_every_counter_has_a_records_page(client, tree) -> None:  # type: ignore[no-untyped-def]
    from firesvc.stats.registry import counters

    client.force_login(staff(Role.APPROVER, tree["a"]["brigade"]))
    statuses = {item.key: client.get(reverse("stats:records", args=[item.key])).status_code for item in counters()}
    assert set(statuses.values()) == {200}, statuses
