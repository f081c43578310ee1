"""Demo service measures (E9) and free training (E8) for ``seed_demo``. Idempotent, deterministic."""

from __future__ import annotations

import datetime

from enterprises.models import (
    Enterprise,
    MeasureCategory,
    ServiceMeasure,
    TrainingAttendance,
    TrainingRequest,
    TrainingSession,
)
from enterprises.services import measures as measure_services
from enterprises.services import training as training_services
from firesvc.accounts.models import OrgUnit, User

C = MeasureCategory
# The Shenyang detachment's ten rules for serving the local economy (十项规定), from the report.
SHENYANG_TEN_RULES: list[tuple[str, str, str]] = [
    ("取消部分审批事项", "对法律法规未作规定的消防审批事项一律取消，企业无需再行申报。", C.SIMPLIFICATION),
    ("取消部分审批要件", "取消部分审批要件，能通过部门共享获取的材料不再要求企业提供。", C.SIMPLIFICATION),
    ("合并审批程序", "建设工程消防验收与公众聚集场所营业前消防安全检查并联审批，合并办理。", C.SIMPLIFICATION),
    ("简化申报材料", "精简申报材料，一次性告知所需全部材料，做到“一次性消防申报服务”。", C.SIMPLIFICATION),
    ("开辟绿色通道", "对重点工程和民生项目开辟消防审批绿色通道，专人跟踪服务。", C.GREEN_CHANNEL),
    ("缩短办理时限", "在法定时限基础上压缩办理时间，重点和民生项目缩短时限办理。", C.OTHER),
    ("实行审批预约", "企业可预约审批时间，延时服务和预约服务满足非工作时间办事需求。", C.APPOINTMENT),
    ("提前介入指导", "对重点项目提前介入，在设计和施工阶段主动上门指导，减少返工。", C.EARLY_INTERVENTION),
    # The report's "首错不罚，慎用拘留和查封", in today's law: the conditions of 行政处罚法 §33, and no detention
    # (消防救援机构 cannot order it since the 2018 reform).
    ("首错不罚，慎用查封",
     "初次违法且危害后果轻微并及时改正的，可以不予行政处罚；违法行为轻微并及时改正，没有造成危害后果的，"
     "不予行政处罚（《中华人民共和国行政处罚法》第三十三条第一款）。以教育整改为主，慎用查封措施。", C.FIRST_ERROR),
    ("廉政监督，实时反馈", "由支队纪委牵头推行回执回访制度，执法全过程接受监督，意见实时反馈。",
     C.INTEGRITY),
]
# Two measures of the Tiexi brigade (铁西区消防救援大队).
TIEXI_MEASURES: list[tuple[str, str, str]] = [
    ("免费消防培训上门服务", "辖区企业可在线申请免费消防安全培训，大队按约定时间上门授课。", C.OTHER),
    ("周六上午受理服务", "每周六上午安排专人在窗口受理申请、解答咨询。", C.APPOINTMENT),
]
# The 锦州 detachment's window (from the report): a service guide note per matter, the "three ones", extended
# and booked hours, and someone at the window on Saturday mornings.
JINZHOU_MEASURES: list[tuple[str, str, str]] = [
    ("制作办事指南提示单", "对群众办理的有关事项，制作办事指南提示单，办理业务快捷明了。", C.SIMPLIFICATION),
    ("坚持做到“三个一”", "答复咨询时一次性说清，表格发放时一次性给清，审查材料时一次性写清。", C.SIMPLIFICATION),
    ("延时服务和预约服务", "为上班时间不便办理业务的优抚对象等群众实行延时服务和预约服务。", C.APPOINTMENT),
    ("周六上午留专人受理", "窗口值班人员周六上午留专人受理申报业务，接受群众咨询。", C.APPOINTMENT),
]
ISSUED_ON = datetime.date(2026, 6, 1)  # "since 1 June"
# 朝阳 (from the report): since the start of the year the detachment trained the community police in 12 sessions,
# over 1,100 officer attendances. Imported as a ledger (IMPORT_NOTE): sessions and rows, no clocks or audit.
CHAOYANG_OFFICER_SESSIONS = 12
CHAOYANG_OFFICERS_TRAINED = 1_104
OFFICER_TRAINING_TOPIC = "社区民警消防安全培训"
IMPORT_NOTE = "历史台账导入"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
_GIVEN = "建国海燕志强丽娟国庆秀英春雷晓东玉兰立新红梅振华宏伟桂芝永强淑珍德明金凤"


def _measures(unit: OrgUnit, rules: list[tuple[str, str, str]]) -> None:
    for number, (title, body, category) in enumerate(rules, start=1):
        measure, created = ServiceMeasure.objects.get_or_create(
            unit=unit, number=number,
            defaults={"title": title, "body": body, "category": category, "issued_on": ISSUED_ON},
        )
        if created:
            measure_services.service_measure_publish(actor=None, measure=measure)


def seed_chaoyang_officer_training(year: int | None = None) -> int:
    """12 sessions of the 朝阳 detachment's internal training of community police this year, with 1,104
    officers recorded as attending (a ledger import). Idempotent: tops up to the figures; returns rows made."""
    brigades = list(OrgUnit.objects.filter(code__in=["cy-st", "cy-lc"]).order_by("code"))
    if not brigades:
        return 0
    today = datetime.date.today()
    year = year or today.year
    sessions = list(TrainingSession.objects.filter(unit__in=brigades, internal=True, topic=OFFICER_TRAINING_TOPIC,
                                                   date__year=year).order_by("date"))
    made = 0
    last_day = max(today - datetime.timedelta(days=1), datetime.date(year, 1, 10))
    span = (last_day - datetime.date(year, 1, 10)).days
    for index in range(len(sessions), CHAOYANG_OFFICER_SESSIONS):
        day = datetime.date(year, 1, 10) + datetime.timedelta(days=span * index // CHAOYANG_OFFICER_SESSIONS)
        sessions.append(TrainingSession.objects.create(
            unit=brigades[index % len(brigades)], date=day, start_time=datetime.time(9, 0),
            trainer="朝阳支队防火监督处",
            topic=OFFICER_TRAINING_TOPIC, place="朝阳市公安局会议中心", capacity=100, internal=True,
            notes=IMPORT_NOTE))
        made += 1
    have = TrainingAttendance.objects.filter(session__in=sessions, is_officer=True, attended=True).count()
    rows = []
    for index in range(have, CHAOYANG_OFFICERS_TRAINED):
        name = _SURNAMES[index % len(_SURNAMES)] + _GIVEN[2 * (index // len(_SURNAMES) % 15):][:2]
        rows.append(TrainingAttendance(session=sessions[index % len(sessions)], person_name=f"{name}（社区民警）",
                                       is_officer=True, attended=True))
    made += len(TrainingAttendance.objects.bulk_create(rows, batch_size=500))
    return made


def seed_service_measures_and_training() -> None:
    seed_chaoyang_officer_training()
    jinzhou = OrgUnit.objects.filter(code="jz").first()
    if jinzhou is not None:
        _measures(jinzhou, JINZHOU_MEASURES)
    detachment = OrgUnit.objects.filter(code="sy").first()
    tiexi = OrgUnit.objects.filter(code="sy-tx").first()
    if detachment is None or tiexi is None:
        return
    _measures(detachment, SHENYANG_TEN_RULES)
    _measures(tiexi, TIEXI_MEASURES)

    users = {u.username: u for u in User.objects.filter(username__in=["ent_a", "ent_b", "clerk"])}
    if len(users) < 3 or TrainingRequest.objects.filter(requested_by__in=users.values()).exists():
        return
    ent_a = Enterprise.objects.get(accounts__user=users["ent_a"])
    ent_b = Enterprise.objects.get(accounts__user=users["ent_b"])
    clerk = users["clerk"]
    done = training_services.training_request_create(
        actor=users["ent_a"], enterprise=ent_a, topic="员工消防安全知识与灭火器使用", preferred_dates="工作日下午",
        attendees_estimate=25)
    training_services.training_request_create(
        actor=users["ent_a"], enterprise=ent_a, topic="人员密集场所疏散演练", preferred_dates="下月上旬",
        attendees_estimate=40)
    training_services.training_request_create(
        actor=users["ent_b"], enterprise=ent_b, topic="消防控制室值班操作", preferred_dates="周末",
        attendees_estimate=6)
    session = TrainingSession.objects.filter(unit=tiexi, topic=done.topic).first()
    if session is None:
        session = training_services.training_session_create(
            actor=clerk, unit=tiexi, date=datetime.date(2026, 11, 20), start_time=datetime.time(14, 0),
            trainer="李建国", topic=done.topic, place="铁西区消防救援大队二楼会议室", capacity=40)
    training_services.training_request_schedule(actor=clerk, request=done, session=session)
    for name in ["刘海燕", "陈国庆", "杨秀英", "赵立新", "黄春生"]:
        TrainingAttendance.objects.get_or_create(session=session, person_name=name,
                                                 defaults={"enterprise": ent_a})
    TrainingAttendance.objects.get_or_create(session=session, person_name="王晓丽",
                                             defaults={"is_officer": True})
    present = set(session.attendance.exclude(person_name="黄春生").values_list("pk", flat=True))
    training_services.training_attendance_record(actor=clerk, session=session, attended_ids=present)
