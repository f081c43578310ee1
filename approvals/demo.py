"""Demo applications in every state for each brigade (``manage.py seed_demo``). Idempotent.

Older cases are entered "after the fact" (the services' ``at``), so that the worklists show
green, yellow and red cards from the first run.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from approvals.models import Application, Consultation, Matter
from approvals.services.applications import (
    NoticeItem,
    application_create,
    application_submit,
    application_withdraw,
    material_upload,
)
from approvals.services.intake import application_accept, application_issue_deficiency_notice, application_refuse
from approvals.services.window_consultations import consultation_record
from enterprises.models import Enterprise
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role

DEMO_PDF = b"%PDF-1.4\n% firesvc demo material\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

PROJECTS = ["商业综合体", "酒店改造", "仓储物流中心", "养老服务中心", "KTV装修", "学校教学楼", "写字楼", "生产车间"]
# (matter, final state, days ago it was submitted or accepted, green channel)
PLAN = [
    ("acceptance", "accepted", 33, False),  # red
    ("design_review", "accepted", 24, False),  # yellow or red
    ("pre_opening", "accepted", 2, True),  # green channel
    ("acceptance", "accepted", 5, False),
    ("pre_opening", "submitted", 1, False),
    ("design_review", "deficient", 3, False),
    ("completion_filing", "draft", 0, False),
    ("acceptance", "refused", 10, False),
    ("pre_opening", "withdrawn", 6, False),
]


# The company forms a demo project's name leaves out: "沈阳天润建设工程有限公司" gives "沈阳天润建设工程", not a name
# cut in the middle of 有限 ("沈阳天润建设工程有限剧本娱乐场所开业项目").
COMPANY_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")


def trade_name(name: str) -> str:
    """An enterprise's name without its company form, to name its projects with."""
    for form in COMPANY_FORMS:
        if name.endswith(form) and len(name) > len(form):
            return name[:-len(form)]
    return name


def _applicant_for(enterprise: Enterprise, clerk: User) -> User:
    account = enterprise.accounts.filter(status="verified").select_related("user").first()
    return account.user if account else clerk


def seed_applications() -> int:
    created = 0
    now = timezone.now()
    for brigade in OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("code"):
        if Application.objects.filter(brigade=brigade).exists():
            continue
        clerk = (User.objects.filter(unit=brigade, groups__name=Role.WINDOW_CLERK).first()
                 or User.objects.filter(is_superuser=True).order_by("pk").first())
        enterprises = list(Enterprise.objects.filter(brigade=brigade).order_by("pk")[:len(PLAN)])
        for index, (code, state, days_ago, green) in enumerate(PLAN):
            enterprise = enterprises[index % len(enterprises)]
            applicant = _applicant_for(enterprise, clerk)
            actor = applicant if applicant != clerk else clerk
            application = application_create(
                actor=actor, matter=Matter.objects.get(code=code), enterprise=enterprise,
                project_name=f"{trade_name(enterprise.name)}{PROJECTS[index % len(PROJECTS)]}项目",
                project_address=enterprise.address, building_area=Decimal(3000 + 850 * index),
                building_height=Decimal(12 + 3 * index), floors=3 + index, use="commercial",
                is_key_project=index == 2, is_livelihood_project=index == 3,
                contact_name=enterprise.contact_name, contact_phone=enterprise.contact_phone,
            )
            if green:
                Application.objects.filter(pk=application.pk).update(green_channel=True)
            created += 1
            if state == "draft":
                continue
            for item in application.required_items.select_related("requirement"):
                if item.requirement.is_mandatory:
                    material_upload(actor=actor, application=application, requirement=item.requirement,
                                    data=DEMO_PDF, filename=f"{item.requirement.name}.pdf")
            at = now - timedelta(days=days_ago)
            application_submit(actor=actor, application=application, at=at)
            if state == "accepted":
                application_accept(actor=clerk, application=application, at=at)
            elif state == "deficient":
                requirement = application.required_items.filter(requirement__is_mandatory=True).first().requirement
                application_issue_deficiency_notice(actor=clerk, application=application, items=[
                    NoticeItem(requirement.pk, "材料缺少建设单位公章", "加盖公章后重新上传")])
            elif state == "refused":
                application_refuse(actor=clerk, application=application,
                                   reasons="该项目依法不属于本大队管辖范围，请向市支队申请。")
            elif state == "withdrawn":
                application_withdraw(actor=actor if actor != clerk else User.objects.filter(
                    is_superuser=True).first(), application=application, reason="项目方案调整")
    return created


def seed_consultations() -> int:
    if Consultation.objects.exists():
        return seed_jinzhou_window()
    created = 0
    questions = [
        ("营业前消防安全检查需要准备哪些材料？", "已按办事指南一次性说明全部材料，并发放全套申报表格。", True, True),
        ("消防验收大概需要多长时间？", "受理之日起二十个工作日内作出决定，重点项目承诺时限更短。", True, False),
        ("竣工验收备案抽查比例是多少？", "按规定比例随机抽查，被抽中的二十日内完成检查。", False, False),
    ]
    for clerk in User.objects.filter(groups__name=Role.WINDOW_CLERK, unit__isnull=False):
        for question, answer, resolved, forms in questions:
            consultation_record(clerk=clerk, question=question, answer=answer, resolved_first_contact=resolved,
                                forms_handed_out=forms)
            created += 1
    return created + seed_jinzhou_window()


# 锦州's service hall (from the report): windows that keep the "three ones" — a consultation answered fully at
# once, the whole form pack handed out at once (一次性给清), every problem written down at once. Two months of
# the window's consultation log, as a ledger import.
JINZHOU_WINDOW_CONSULTATIONS = 120
JINZHOU_FIRST_CONTACT_MISSES = 3  # 117 of 120 answered completely the first time (97.5%)
JINZHOU_QUESTIONS = [
    ("公众聚集场所投入使用、营业前消防安全检查怎么办理？",
     "按办事指南提示单一次性说明：可选告知承诺方式，材料和表格一次给清。"),
    ("建设工程消防验收需要哪些材料？", "已一次性说明全部材料清单，发放验收申请表和办事指南提示单。"),
    ("上班时间来不了，能预约吗？", "可以预约，也可周六上午到窗口办理，值班人员专人受理。"),
    ("竣工验收备案多久能办完？", "受理后五个工作日内完成，被抽中检查的二十个工作日内检查完毕。"),
]


def seed_jinzhou_window() -> int:
    """Top the consultation log of 锦州's window clerks up to ``JINZHOU_WINDOW_CONSULTATIONS`` over the last
    two months; returns the rows written."""
    clerks = list(User.objects.filter(groups__name=Role.WINDOW_CLERK, unit__code="jz-gt").order_by("username"))
    if not clerks:
        return 0
    have = Consultation.objects.filter(clerk__in=clerks, asker="办事群众").count()
    missing = JINZHOU_WINDOW_CONSULTATIONS - have
    if missing <= 0:
        return 0
    rows = []
    for index in range(have, JINZHOU_WINDOW_CONSULTATIONS):
        clerk = clerks[index % len(clerks)]
        question, answer = JINZHOU_QUESTIONS[index % len(JINZHOU_QUESTIONS)]
        rows.append(Consultation(unit_id=clerk.unit_id, clerk=clerk, window=clerk.window_number, asker="办事群众",
                                 question=question, answer=answer,
                                 resolved_first_contact=index % 40 != 39,  # one miss in forty
                                 forms_handed_out=True))
    made = Consultation.objects.bulk_create(rows)
    now = timezone.now()
    for offset, row in enumerate(made):  # created_at is set on insert: spread the log over two months
        Consultation.objects.filter(pk=row.pk).update(created_at=now - timedelta(hours=12 * (offset + 1)))
    return len(made)
