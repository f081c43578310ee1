"""Demo decisions (``manage.py seed_demo``): a signed approval and a signed refusal of every licensing matter,
single and parallel, all of the demo enterprise user ``ent_a`` at 铁西 (sy-tx), so that the enterprise can open
and download each kind of decision document. Idempotent: does nothing once these cases exist.

Each case goes the whole way through the services: file → submit → accept → assign → inspect (where the
matter is decided on a site inspection) → draft → sign.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from approvals.decision_texts import INSPECTION_REQUIRED
from approvals.demo import trade_name
from approvals.enums import DecisionOutcome
from approvals.models import Application, ChecklistItem, Matter
from approvals.services.applications import application_create, application_submit, material_upload
from approvals.services.intake import application_accept
from approvals.services.parallel import (
    parallel_case_accept,
    parallel_case_create,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)
from approvals.services.technical_review import (
    ChecklistResult,
    decision_draft,
    decision_sign,
    inspection_record,
    inspection_schedule,
    review_assign,
)
from firesvc.accounts.models import OrgUnit, User

BRIGADE = "sy-tx"
MARK = "（已办结示例）"
DEMO_PDF = b"%PDF-1.4\n% firesvc demo material\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# (matter, outcome, project, failed checklist items, reasons, items to rectify)
SINGLE = [
    ("design_review", DecisionOutcome.APPROVE, "职工活动中心", (), "", []),
    ("design_review", DecisionOutcome.REFUSE, "物流仓库扩建", (),
     "地下车库防火分区面积超过规范限值，未设置防火墙分隔。\n疏散楼梯间未按规范采用防烟楼梯间。",
     ["调整地下车库防火分区并补充防火墙设计", "将疏散楼梯间修改为防烟楼梯间"]),
    ("acceptance", DecisionOutcome.APPROVE, "研发办公楼", (), "", []),
    ("acceptance", DecisionOutcome.REFUSE, "生产厂房二期", ("hydrants", "alarm"),
     "室内消火栓系统最不利点静水压力不足。\n火灾自动报警系统未能联动启动消防水泵。",
     ["更换消防水泵并复测消火栓压力", "调试火灾自动报警系统联动控制功能"]),
    ("pre_opening", DecisionOutcome.APPROVE, "员工餐厅", (), "", []),
    ("pre_opening", DecisionOutcome.REFUSE, "宴会厅", ("exits", "signs"),
     "二层东侧安全出口被装修隔墙封闭。\n部分疏散指示标志不亮。",
     ["拆除封闭安全出口的隔墙", "更换失效的疏散指示标志"]),
]


def _people() -> dict[str, Any] | None:
    people = {name: User.objects.filter(username=name).first() for name in ("reviewer", "approver", "clerk", "ent_a")}
    brigade = OrgUnit.objects.filter(code=BRIGADE).first()
    if brigade is None or None in people.values() or not hasattr(people["ent_a"], "enterprise_account"):
        return None
    return {**people, "brigade": brigade, "enterprise": people["ent_a"].enterprise_account.enterprise}


def _project(enterprise: Any, name: str, index: int) -> dict[str, Any]:
    return {"project_name": f"{trade_name(enterprise.name)}{name}{MARK}", "project_address": enterprise.address,
            "building_area": Decimal(2400 + 600 * index), "building_height": Decimal(15 + 3 * index),
            "floors": 3 + index % 4, "use": "public_gathering", "contact_name": enterprise.contact_name,
            "contact_phone": enterprise.contact_phone}


def _decide(people: dict[str, Any], application: Application, outcome: str, failed: tuple[str, ...],
            reasons: str, items: list[str]) -> None:
    reviewer, approver = people["reviewer"], people["approver"]
    review_assign(actor=approver, application=application, reviewer=reviewer)
    if application.matter.code in INSPECTION_REQUIRED:
        # two officers on site (the approver goes with the reviewer); today, whatever day it is
        inspection = inspection_schedule(actor=reviewer, application=application, on=timezone.localdate(),
                                         inspectors=[approver], rest_day_confirmed=True)
        checklist = ChecklistItem.objects.filter(matter=application.matter, is_active=True)
        inspection_record(actor=reviewer, inspection=inspection, results=[
            ChecklistResult(item.pk, passed=item.code not in failed,
                            note="现场检查不符合要求，详见决定书所列理由" if item.code in failed else "")
            for item in checklist])
    decision_draft(actor=reviewer, application=application, outcome=outcome, reasons=reasons,
                   rectification_items=items)
    decision_sign(actor=approver, application=application)


def _parallel(people: dict[str, Any], name: str, index: int) -> Any:
    applicant = people["ent_a"]
    case = parallel_case_create(actor=applicant, enterprise=people["enterprise"],
                                **_project(people["enterprise"], name, index))
    for row in shared_requirements(case):
        if row["mandatory"]:
            parallel_material_upload(actor=applicant, case=case, code=row["code"], data=DEMO_PDF,
                                     filename=f"{row['name']}.pdf")
    parallel_case_submit(actor=applicant, case=case)
    parallel_case_accept(actor=people["clerk"], case=case)
    case.refresh_from_db()
    return case


def seed_decisions() -> int:
    """Returns the cases decided (single applications and parallel cases)."""
    people = _people()
    if people is None or Application.objects.filter(enterprise=people["enterprise"],
                                                    project_name__endswith=MARK).exists():
        return 0
    made = 0
    for index, (code, outcome, name, failed, reasons, items) in enumerate(SINGLE):
        application = application_create(actor=people["ent_a"], matter=Matter.objects.get(code=code),
                                         enterprise=people["enterprise"], **_project(people["enterprise"], name, index))
        for item in application.required_items.select_related("requirement"):
            if item.requirement.is_mandatory:
                material_upload(actor=people["ent_a"], application=application, requirement=item.requirement,
                                data=DEMO_PDF, filename=f"{item.requirement.name}.pdf")
        application_submit(actor=people["ent_a"], application=application)
        application_accept(actor=people["clerk"], application=application)
        _decide(people, Application.objects.get(pk=application.pk), outcome, failed, reasons, items)
        made += 1
    # parallel, approved: acceptance first (the pre-opening inspection rests on it)
    case = _parallel(people, "电影院开业项目", 6)
    _decide(people, case.acceptance, DecisionOutcome.APPROVE, (), "", [])
    _decide(people, case.pre_opening, DecisionOutcome.APPROVE, (), "", [])
    made += 1
    # parallel, refused: the pre-opening track is refused on its own findings before acceptance is decided
    case = _parallel(people, "剧本娱乐场所开业项目", 7)
    _decide(people, case.pre_opening, DecisionOutcome.REFUSE, ("exits",), "疏散通道堆放装修材料，宽度不足。",
            ["清理疏散通道"])
    _decide(people, case.acceptance, DecisionOutcome.REFUSE, ("smoke_control",), "防排烟系统风机不能启动。",
            ["维修防排烟风机并进行联动调试"])
    made += 1
    return made
