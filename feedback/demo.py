"""Demo patrol teams and consultation points of the 朝阳 detachment (``manage.py seed_demo``). Idempotent.

The report speaks of 38 sub-district mobile teams and 77 community patrols; the demo tree of 朝阳
has 5 sub-districts and 10 communities, so it gets 5 and 10.
"""

from __future__ import annotations

from django.db import transaction

from feedback.enums import EquipmentKind, MemberRole, TeamKind
from feedback.models import CitizenQuestion, ConsultationPoint, PatrolEquipment, PatrolMember, PatrolTeam
from feedback.services.citizen_questions import faq_entry_create
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit

_NAMES = ["王志刚", "李春梅", "张海涛", "刘玉兰", "陈立军", "杨晓东", "赵丽娜", "黄德明", "周建华", "吴秀英", "孙国庆"]

FAQ = [
    ("家里的灭火器多久检查一次？", "手提式灭火器应每月查看压力表指针是否在绿区，每年由专业机构检查一次；"
     "干粉灭火器出厂满5年、二氧化碳灭火器满5年应送检维修，满10年或12年应报废。"),
    ("电动自行车可以在楼道里充电吗？", "不可以。电动自行车不得在建筑内的共用走道、楼梯间、安全出口处停放、充电。"
     "请到小区集中充电点充电，充电时间不宜过长。"),
    ("小餐馆开业需要办消防手续吗？", "建筑面积较小的餐饮场所不属于需要消防安全检查的公众聚集场所范围的，无需办理；"
     "属于公众聚集场所的，投入使用、营业前应向消防救援机构申请消防安全检查，可选择告知承诺方式办理。"),
    ("发现邻居家楼道堆放杂物怎么办？", "可以先友善提醒；仍未清理的，可告诉网格员或社区警务室，也可拨打96119举报，"
     "我们会在十分钟内反馈。"),
    ("家用燃气泄漏时应该怎么做？", "立即关闭燃气阀门，打开门窗通风，不要开关电器、不要使用明火和手机，"
     "到室外安全地点拨打燃气公司抢修电话或119。"),
]


def _member_count(index: int) -> int:
    return 3 + index % 3  # 3, 4 or 5


def _team(*, unit: OrgUnit, kind: str, name: str, index: int) -> PatrolTeam:
    team = PatrolTeam.objects.filter(unit=unit, kind=kind).first()
    if team is not None:
        return team
    names = [_NAMES[(index + i) % len(_NAMES)] for i in range(_member_count(index))]
    team = PatrolTeam.objects.create(unit=unit, kind=kind, name=name, leader=names[0],
                                     phone=f"1390421{index:04d}")
    team.grids.set(OrgUnit.objects.subtree_of(unit).filter(kind=UnitKind.GRID))
    for i, person in enumerate(names):
        role = MemberRole.LEADER if i == 0 else MemberRole.POLICE if i == 1 else MemberRole.MEMBER
        PatrolMember.objects.create(team=team, name=person, role=role, phone=f"1380421{index:02d}{i:02d}")
    extinguishers = 8 if kind == TeamKind.SUBDISTRICT_MOBILE else 4
    for equipment_kind, quantity in [(EquipmentKind.PATROL_VEHICLE, 1), (EquipmentKind.GLOVES, len(names)),
                                     (EquipmentKind.EXTINGUISHER, extinguishers),
                                     (EquipmentKind.SMOKE_MASK, len(names))]:
        PatrolEquipment.objects.create(team=team, kind=equipment_kind, quantity=quantity)
    return team


@transaction.atomic
def seed_patrols_and_points() -> int:
    """One 巡消机动队 per 朝阳 sub-district, one 保消巡逻队 and one 社区警务室 point per community, 5 FAQs.

    Returns the number of rows created (teams, points and FAQ entries).
    """
    created = 0
    units = OrgUnit.objects.filter(code__startswith="cy").order_by("path")
    for index, sub in enumerate(units.filter(kind=UnitKind.SUBDISTRICT)):
        existed = PatrolTeam.objects.filter(unit=sub, kind=TeamKind.SUBDISTRICT_MOBILE).exists()
        _team(unit=sub, kind=TeamKind.SUBDISTRICT_MOBILE, name=f"{sub.name}巡消机动队", index=index)
        created += not existed
    communities = list(units.filter(kind=UnitKind.COMMUNITY))
    for index, com in enumerate(communities):
        existed = PatrolTeam.objects.filter(unit=com, kind=TeamKind.COMMUNITY_PATROL).exists()
        _team(unit=com, kind=TeamKind.COMMUNITY_PATROL, name=f"{com.name}保消巡逻队", index=index + 20)
        created += not existed
        _point, made = ConsultationPoint.objects.get_or_create(
            community=com, name=f"{com.name}警务室",
            defaults={"address": f"朝阳市{com.name}居委会一楼", "phone": f"0421-28{index:02d}110",
                      "service_hours": "8:00–20:00"},
        )
        created += made
    if communities:
        for index, (question, answer) in enumerate(FAQ):
            if not CitizenQuestion.objects.filter(faq_question=question).exists():
                faq_entry_create(community=communities[index % len(communities)], question=question, answer=answer)
                created += 1
    return created
