"""The matter catalogue of the report's time (A1) as plain data: four matters, their materials.

Loaded by a data migration; administrators edit it afterwards in the admin (retiring a
material from a date: "cancel some required documents").
"""

from __future__ import annotations

from typing import Any

_GUIDE_PHONE = "96119"
# The place only: the hours are printed from ``approvals.hall_hours``, the values the booking slots are cut from.
_WINDOW = "所在地消防救援大队政务服务窗口"


def _m(code: str, name: str, *, mandatory: bool = True, form: bool = False, description: str = "") -> dict[str, Any]:
    return {"code": code, "name": name, "is_mandatory": mandatory, "has_form": form, "description": description}


MATTERS: list[dict[str, Any]] = [
    {
        "code": "design_review", "name": "建设工程消防设计审核", "rule_code": "design_review.decide", "order": 1,
        "promised_days": 10,
        "description": "对依法应当进行消防设计审核的人员密集场所和特殊建设工程的消防设计文件进行审核。",
        "legal_basis": "《中华人民共和国消防法》第十一条；《建设工程消防监督管理规定》(公安部令第119号)第十三条至第二十一条",
        "process": "网上申报或窗口申报 → 窗口受理（材料不全的一次性告知）→ 技术审查（需要时专家评审）→ 审批负责人签发 → 送达决定",
        "materials": [
            _m("application_form", "建设工程消防设计审核申报表", form=True),
            _m("business_licence", "建设单位的工商营业执照等合法身份证明文件"),
            _m("designer_qualification", "设计单位资质证明文件"),
            _m("design_documents", "消防设计文件（含设计说明书和图纸）"),
            _m("planning_permit", "建设工程规划许可证明文件", description="依法需要办理规划许可的提供。"),
            _m("expert_opinion", "专家评审意见（特殊消防设计）", mandatory=False,
               description="采用国家工程建设消防技术标准规定以外的新技术、新工艺、新材料的提供。"),
        ],
    },
    {
        "code": "acceptance", "name": "建设工程消防验收", "rule_code": "acceptance.decide", "order": 2,
        "promised_days": 12,
        "description": "对依法应当进行消防验收的建设工程，在竣工验收后进行消防验收。",
        "legal_basis": "《中华人民共和国消防法》第十三条；《建设工程消防监督管理规定》(公安部令第119号)第二十一条、第二十二条",
        "process": "窗口受理 → 现场评定（检查与功能测试）→ 审批负责人签发 → 出具消防验收意见书",
        "materials": [
            _m("application_form", "建设工程消防验收申报表", form=True),
            _m("completion_report", "工程竣工验收报告"),
            _m("product_certificates", "消防产品质量合格证明文件"),
            _m("material_certificates", "有防火性能要求的建筑构件、建筑材料、室内装修装饰材料的合格证明文件"),
            _m("system_test_report", "消防设施、电气防火技术检测合格证明文件"),
            _m("contractor_qualifications", "施工、工程监理、检测单位的合法身份证明和资质等级证明文件"),
            _m("business_licence", "建设单位的工商营业执照等合法身份证明文件"),
            _m("other", "法律、行政法规规定的其他材料", mandatory=False),
        ],
    },
    {
        "code": "completion_filing", "name": "建设工程竣工验收消防备案", "rule_code": "filing.spot_check", "order": 3,
        "promised_days": None,
        "description": "其他建设工程在竣工验收合格之日起七日内向消防机构备案，消防机构按比例抽查。",
        "legal_basis": "《中华人民共和国消防法》第十三条；《建设工程消防监督管理规定》(公安部令第119号)第二十四条至第二十六条",
        "process": "网上备案 → 受理 → 随机确定抽查对象 → 抽查（二十日内）→ 告知结果",
        "materials": [
            _m("filing_form", "建设工程竣工验收消防备案表", form=True),
            _m("completion_report", "工程竣工验收报告"),
            _m("product_certificates", "消防产品质量合格证明文件"),
            _m("system_test_report", "消防设施检测合格证明文件"),
            _m("contractor_qualifications", "施工、工程监理、检测单位的资质证明文件"),
        ],
    },
    {
        "code": "pre_opening", "name": "公众聚集场所投入使用、营业前消防安全检查", "rule_code": "pre_opening.inspect",
        "order": 4, "promised_days": 7,
        "description": "公众聚集场所在投入使用、营业前，向场所所在地的消防救援机构申请消防安全检查。",
        "legal_basis": "《中华人民共和国消防法》第十五条；《消防监督检查规定》(公安部令第120号)第十五条",
        "process": "窗口受理 → 十个工作日内现场检查 → 检查后三个工作日内作出决定",
        "materials": [
            _m("application_form", "公众聚集场所投入使用、营业前消防安全检查申报表", form=True),
            _m("business_licence", "营业执照复印件或企业名称预先核准通知书"),
            _m("acceptance_document", "建设工程消防验收或竣工验收消防备案的法律文件复印件"),
            _m("safety_rules", "消防安全制度、灭火和应急疏散预案、场所平面布置图"),
            _m("staff_training", "员工岗前消防安全教育培训记录和自动消防系统操作人员资格证书复印件"),
            _m("fitout_documents", "室内装修消防设计施工图、消防产品质量合格证明文件及装修材料防火性能证明文件"),
            _m("representative_id", "法定代表人或主要负责人身份证明", mandatory=False),
        ],
    },
]


def load_catalogue(matter_model: Any, requirement_model: Any) -> None:
    """Create the matters and materials that do not exist yet (safe to re-run)."""
    for data in MATTERS:
        fields = {k: v for k, v in data.items() if k not in ("code", "materials")}
        fields.update(window=_WINDOW, phone=_GUIDE_PHONE)
        matter, _created = matter_model.objects.get_or_create(code=data["code"], defaults=fields)
        for order, material in enumerate(data["materials"], start=1):
            requirement_model.objects.get_or_create(
                matter=matter, code=material["code"],
                defaults={"name": material["name"], "is_mandatory": material["is_mandatory"],
                          "description": material["description"], "order": order},
            )
