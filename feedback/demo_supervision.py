"""Demo data of the supervision loop (B1–B5) in 铁西 brigade (``manage.py seed_demo``). Idempotent.

A 首错不罚 list for 辽宁省, a dozen acts of the last weeks with their receipts, some rated (one
badly, one with a 吃拿卡要 flag, so the supervisor ``supervisor`` has complaints in the queue),
a done return visit and a hotline complaint.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from enterprises.models import Enterprise
from feedback.enums import ActKind, ComplaintKind, ComplaintSource, VisitMethod
from feedback.models import EnforcementAct, FirstErrorRule, ReturnVisit
from feedback.services.acts import act_record
from feedback.services.complaints import complaint_open
from feedback.services.receipts import Rating, receipt_paper_enter, receipt_rate
from feedback.services.return_visits import visit_attempt_record
from firesvc.accounts.models import OrgUnit, User

FIRST_ERROR_LIST = [
    ("1", "消防设施、器材未保持完好有效，能够当场改正的", "《消防法》第六十条第一款第一项"),
    ("2", "占用、堵塞、封闭疏散通道、安全出口，能够当场改正的", "《消防法》第六十条第一款第三项"),
    ("3", "埋压、圈占、遮挡消火栓，能够当场改正的", "《消防法》第六十条第一款第四项"),
    ("4", "人员密集场所门窗设置影响逃生和灭火救援的障碍物，能够当场改正的", "《消防法》第六十条第一款第六项"),
    ("5", "未按规定对建筑消防设施每年至少进行一次全面检测，首次被发现的", "《辽宁省消防条例》"),
]

PLAN = [  # (kind, days ago, rating, integrity flag, summary)
    (ActKind.LICENCE, 26, 5, False, "公众聚集场所投入使用、营业前消防安全检查，合格"),
    (ActKind.INSPECTION, 24, 4, False, "双随机监督抽查，未发现违法行为"),
    (ActKind.PENALTY, 22, 2, False, "疏散通道堵塞，责令改正并处罚款"),
    (ActKind.INSPECTION, 20, None, False, "举报投诉核查，现场已改正"),
    (ActKind.COMPULSORY, 18, 4, False, "人员密集场所安全出口封闭，临时查封"),
    (ActKind.PENALTY, 15, 5, False, "消防设施未保持完好有效，首次发现，适用首错不罚"),
    (ActKind.FIRE_CAUSE, 12, None, False, "电气线路故障引发火灾，事故调查"),
    (ActKind.INSPECTION, 10, 3, True, "日常监督检查"),
    (ActKind.LICENCE, 8, None, False, "公众聚集场所告知承诺核查"),
    (ActKind.INSPECTION, 5, 5, False, "节前消防安全检查"),
    (ActKind.PENALTY, 3, None, False, "消火栓被圈占，责令改正"),
]


@transaction.atomic
def seed_supervision_loop() -> int:
    """Returns the number of acts created (0 when the demo acts already exist)."""
    for code, title, basis in FIRST_ERROR_LIST:
        FirstErrorRule.objects.get_or_create(province="辽宁省", code=code, defaults={"title": title, "basis": basis})
    brigade = OrgUnit.objects.filter(code="sy-tx").first()
    officers = list(User.objects.filter(username__in=["reviewer", "approver"]).order_by("username"))
    supervisor = User.objects.filter(username="supervisor").first()
    if brigade is None or not officers or supervisor is None:
        return 0
    if EnforcementAct.objects.filter(unit=brigade, reference__startswith="沈铁消检字").exists():
        return 0
    enterprises = list(Enterprise.objects.filter(brigade=brigade).order_by("pk")[:len(PLAN)])
    rule = FirstErrorRule.objects.get(province="辽宁省", code="1")
    now = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    created = 0
    for index, (kind, days, rating, flag, summary) in enumerate(PLAN):
        enterprise = enterprises[index % len(enterprises)] if enterprises else None
        when = now - timedelta(days=days)
        act = act_record(
            kind=kind, unit=brigade, officers=officers[: 1 + index % 2], occurred_at=when,
            place=enterprise.address if enterprise else "铁西区兴华南街", summary=summary,
            actor=officers[0], enterprise=enterprise, person_name="" if enterprise else "张明",
            documents_served="消防监督检查记录" if kind == ActKind.INSPECTION else "",
            reference=f"沈铁消检字〔{when:%Y}〕{index + 1}号",
            first_error_rule=rule if "首错不罚" in summary else None,
        )
        created += 1
        if rating is not None:
            value = Rating(overall=rating, punctuality=rating, clarity=rating, courtesy=rating, integrity_flag=flag,
                           comment="检查人员迟到一个多小时，讲解也不耐心。" if rating <= 2 else
                           ("检查人员暗示要买他推荐的灭火器。" if flag else "讲解清楚，态度很好。"))
            if index % 3 == 1:
                receipt_paper_enter(receipt=act.receipt, rating=value, actor=officers[0], at=when + timedelta(days=1))
            else:
                receipt_rate(receipt=act.receipt, rating=value, at=when + timedelta(days=1))
    visit = ReturnVisit.objects.filter(act__unit=brigade, status="due").order_by("act__occurred_at").first()
    if visit is not None:
        visit_attempt_record(visit=visit, actor=supervisor, method=VisitMethod.PHONE, reached=True,
                             questions_answers="问：执法人员是否出示证件？答：出示了。\n问：有无吃拿卡要？答：没有。",
                             satisfaction=5, at=visit.act.occurred_at + timedelta(days=2))
    complaint_open(kind=ComplaintKind.COMPLAINT, source=ComplaintSource.HOTLINE, unit=brigade,
                   text="来电反映：监督检查预约后未按约定时间到场。", complainant_name="李先生",
                   complainant_contact="13904210000", actor=supervisor, at=now - timedelta(days=2))
    return created
