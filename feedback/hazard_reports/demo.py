"""Demo hazard reports and an Open311 key in 朝阳 双塔区 (``manage.py seed_demo``). Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from feedback.hazard_reports.enums import DispatchTarget, HazardCategory, VerificationOutcome
from feedback.hazard_reports.models import ApiKey, HazardReport
from feedback.hazard_reports.services.reports import (
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_dispatch,
    hazard_report_submit,
    hazard_report_verify,
)
from firesvc.accounts.models import OrgUnit, User

DEMO_KEY = "demo-open311-key-chaoyang"  # a published demo credential, not a secret


def seed_hazard_reports() -> int:
    """Four reports of sub-district cy-st-s1 (closed, dispatched, new, new and like the closed one) and the
    demo Open311 key."""
    sub = OrgUnit.objects.filter(code="cy-st-s1").first()
    duty = User.objects.filter(username="duty").first()
    if sub is None or duty is None:
        return 0
    ApiKey.objects.get_or_create(key=DEMO_KEY, defaults={"name": "随手拍演示应用", "default_unit": sub,
                                                         "contact": "demo@example.com"})
    if HazardReport.objects.filter(subdistrict=sub).exists():
        return 0
    community = sub.children.order_by("path").first()
    grid = community.children.order_by("path").first() if community else None
    now = timezone.now()
    closed = hazard_report_submit(
        category=HazardCategory.BLOCKED_EXIT, subdistrict=sub, community=community, grid=grid,
        address="友谊街12号楼2单元", description="楼道里堆满纸箱和旧家具，安全出口被堵住了。",
        reporter_name="王女士", reporter_phone="13900000001", now=now - timedelta(days=2))
    hazard_report_acknowledge(report=closed, actor=duty)
    hazard_report_dispatch(report=closed, actor=duty, target=DispatchTarget.PROPERTY, note="通知物业清理")
    hazard_report_verify(report=closed, actor=duty, outcome=VerificationOutcome.CONFIRMED_RECTIFIED,
                         note="物业已清理，复查通道畅通")
    hazard_report_close(report=closed, actor=duty, reply="您反映的楼道堆物问题已由物业清理完毕，感谢您的举报！")
    dispatched = hazard_report_submit(
        category=HazardCategory.ELECTRICAL, subdistrict=sub, community=community, address="新华路菜市场东门",
        description="电动车在门口飞线充电，电线搭在铁门上。", now=now - timedelta(hours=3))
    hazard_report_acknowledge(report=dispatched, actor=duty)
    hazard_report_dispatch(report=dispatched, actor=duty, target=DispatchTarget.POLICE, note="请社区民警到场")
    hazard_report_submit(category=HazardCategory.FLAMMABLES, subdistrict=sub, community=community,
                         address="朝阳大街88号底商", description="店铺后门堆放多桶汽油。")
    # Another resident, the address of the closed report written his own way: its own open report, which the
    # duty page marks as a possible duplicate of the closed one for the duty officer to link or dismiss.
    hazard_report_submit(
        category=HazardCategory.BLOCKED_EXIT, subdistrict=sub, community=community, grid=grid,
        address="友谊街12号楼 2单元", description="单元门口的消防通道被电动车和杂物堵死。",
        reporter_name="李先生", reporter_phone="13900000002")
    return 4
