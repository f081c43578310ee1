from __future__ import annotations

import io

import pytest
from PIL import Image

from firesvc.accounts.roles import Role
from firesvc.sla.services import load_rule_sets
from tests.factories import staff, unit_chain


@pytest.fixture
def place(db):  # type: ignore[no-untyped-def]
    """Rules loaded; a unit chain with a duty officer in the sub-district and an approver in the brigade."""
    load_rule_sets()
    units = unit_chain("h")
    units["duty"] = staff(Role.DUTY_OFFICER, units["subdistrict"], email="duty@example.com")
    units["brigade_staff"] = staff(Role.APPROVER, units["brigade"], email="brigade@example.com",
                                   phone="13800000009")
    return units


@pytest.fixture
def other_place(db):  # type: ignore[no-untyped-def]
    units = unit_chain("o")
    units["duty"] = staff(Role.DUTY_OFFICER, units["subdistrict"])
    return units


def jpeg_bytes(size: tuple[int, int] = (2400, 1200), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def form_data(units, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "category": "blocked_exit", "subdistrict": units["subdistrict"].pk, "community": units["community"].pk,
        "grid": units["grid"].pk, "address": "友谊街12号", "description": "楼道堆满杂物",
        "reporter_name": "", "reporter_phone": "", "website": "", "latitude": "", "longitude": "",
    }
    data.update(overrides)
    return data


def submit_report(units, **overrides):  # type: ignore[no-untyped-def]
    """A citizen's report of the place through the service (another category, address … by ``overrides``)."""
    from feedback.hazard_reports.services.reports import hazard_report_submit

    data = {"category": "other", "subdistrict": units["subdistrict"], "community": units["community"],
            "grid": units["grid"], "address": "友谊街12号", "description": "门口堆放杂物", **overrides}
    return hazard_report_submit(**data)


DISSATISFIED_COMMENT = "楼道里的杂物还在，没有人来看过"


def rate_report(report, rating, **kwargs):  # type: ignore[no-untyped-def]
    """The reporter's rating of ``report`` through the service; a dissatisfied one says why, as it must."""
    from feedback.hazard_reports.enums import DISSATISFIED_RATINGS
    from feedback.hazard_reports.services.reporter import hazard_report_rate

    if rating in DISSATISFIED_RATINGS:
        kwargs.setdefault("comment", DISSATISFIED_COMMENT)
    return hazard_report_rate(report=report, rating=rating, **kwargs)
