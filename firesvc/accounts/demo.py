"""Demo organisation tree and demo users (``manage.py seed_demo``). Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role, sync_role_groups
from firesvc.accounts.services import org_unit_create, org_unit_place_under

# 总队 above the three cities: the discipline supervisors of the province take integrity reports against a
# detachment (DOMAIN.md B5).
PROVINCE = ("ln", "辽宁省消防救援总队")

# 支队 → 大队 → 街道 → 社区 (two grids each). Codes are stable so that re-running finds them.
DEMO_TREE: dict[tuple[str, str], dict[tuple[str, str, str], dict[str, list[str]]]] = {
    ("sy", "沈阳市消防救援支队"): {
        ("sy-tx", "铁西区消防救援大队", "210106"): {
            "兴华街道": ["兴华社区", "北二路社区"],
            "工人村街道": ["工人村社区", "启工社区"],
            "艳粉街道": ["艳粉社区", "保工社区"],
        },
        ("sy-hp", "和平区消防救援大队", "210102"): {
            "太原街街道": ["太原街社区", "中华路社区"],
            "南湖街道": ["南湖社区", "文化路社区"],
        },
        ("sy-sh", "沈河区消防救援大队", "210103"): {
            "大西街道": ["大西社区", "朝阳街社区"],
            "五里河街道": ["五里河社区", "青年大街社区"],
        },
        ("sy-hg", "皇姑区消防救援大队", "210105"): {
            "北塔街道": ["北塔社区", "昆山社区"],
        },
        ("sy-dd", "大东区消防救援大队", "210104"): {
            "津桥街道": ["津桥社区", "小北社区"],
        },
    },
    ("jz", "锦州市消防救援支队"): {
        ("jz-gt", "古塔区消防救援大队", "210702"): {
            "天安街道": ["天安社区", "北街社区"],
            "保安街道": ["保安社区", "石油社区"],
        },
        ("jz-lh", "凌河区消防救援大队", "210703"): {
            "正大街道": ["正大社区", "康宁社区"],
        },
        ("jz-th", "太和区消防救援大队", "210711"): {
            "凌西街道": ["凌西社区", "汤河子社区"],
        },
    },
    ("cy", "朝阳市消防救援支队"): {
        ("cy-st", "双塔区消防救援大队", "211302"): {
            "北塔街道": ["北塔社区", "新华社区"],
            "南塔街道": ["南塔社区", "友谊社区"],
            "凌河街道": ["凌河社区", "珠江社区"],
        },
        ("cy-lc", "龙城区消防救援大队", "211303"): {
            "新华街道": ["新华路社区", "半拉山社区"],
            "马山街道": ["马山社区", "黄河路社区"],
        },
    },
}

BRIGADE_AREA_CODES: dict[str, str] = {
    code: area for brigades in DEMO_TREE.values() for (code, _name, area) in brigades
}


def _unit(*, kind: str, name: str, code: str, parent: OrgUnit | None) -> OrgUnit:
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return org_unit_create(kind=kind, name=name, code=code, parent=parent)


def seed_org_tree() -> int:
    created_before = OrgUnit.objects.count()
    province = _unit(kind=UnitKind.PROVINCE, name=PROVINCE[1], code=PROVINCE[0], parent=None)
    for (det_code, det_name), brigades in DEMO_TREE.items():
        detachment = _unit(kind=UnitKind.DETACHMENT, name=det_name, code=det_code, parent=province)
        if detachment.parent_id is None:  # seeded before the province level existed
            detachment = org_unit_place_under(unit=detachment, parent=province)
        for (brg_code, brg_name, _area), subdistricts in brigades.items():
            brigade = _unit(kind=UnitKind.BRIGADE, name=brg_name, code=brg_code, parent=detachment)
            for s_index, (sub_name, communities) in enumerate(subdistricts.items(), start=1):
                sub = _unit(kind=UnitKind.SUBDISTRICT, name=sub_name, code=f"{brg_code}-s{s_index}", parent=brigade)
                for c_index, com_name in enumerate(communities, start=1):
                    com = _unit(kind=UnitKind.COMMUNITY, name=com_name, code=f"{sub.code}-c{c_index}", parent=sub)
                    for g_index in (1, 2):
                        _unit(kind=UnitKind.GRID, name=f"{com_name}第{g_index}网格",
                              code=f"{com.code}-g{g_index}", parent=com)
    return OrgUnit.objects.count() - created_before


# username → (full name, roles, unit code, window)
DEMO_STAFF: dict[str, tuple[str, list[str], str | None, str]] = {
    "admin": ("系统管理员", [Role.ADMINISTRATOR], None, ""),
    "clerk": ("王晓丽", [Role.WINDOW_CLERK], "sy-tx", "1号窗口"),
    "reviewer": ("李建国", [Role.REVIEWER], "sy-tx", ""),
    "approver": ("张伟", [Role.APPROVER], "sy-tx", ""),
    "supervisor": ("赵敏", [Role.SUPERVISOR], "sy", ""),
    "clerk_jz": ("刘洋", [Role.WINDOW_CLERK], "jz-gt", "2号窗口"),
    "grid": ("陈静", [Role.GRID_MANAGER], "cy-st-s1-c1-g1", ""),
    "duty": ("孙立", [Role.DUTY_OFFICER], "cy-st-s1", ""),
}


# Who answers in every city (and above them, the province's discipline supervisor): a duty officer (值班员, escalated hazard reports) and a discipline supervisor
# (纪委, complaints and integrity reports about its brigades) in each detachment, and a duty officer in every
# sub-district that has none above (new hazard reports). Not signed in by the crawl: DEMO_STAFF has each role.
DEMO_CHAIN_STAFF: dict[str, tuple[str, list[str], str | None, str]] = {
    "supervisor_ln": ("林振东", [Role.SUPERVISOR], PROVINCE[0], ""),  # 总队纪委: integrity reports on a detachment
    "duty_sy": ("周建华", [Role.DUTY_OFFICER], "sy", ""),
    "duty_jz": ("吴海涛", [Role.DUTY_OFFICER], "jz", ""),
    "supervisor_jz": ("郑丽娟", [Role.SUPERVISOR], "jz", ""),
    "duty_cy": ("马志强", [Role.DUTY_OFFICER], "cy", ""),
    "supervisor_cy": ("冯雪梅", [Role.SUPERVISOR], "cy", ""),
}
_SUBDISTRICT_DUTY_NAMES = ["韩冬", "杨帆", "朱丽华", "秦磊", "许静", "何勇", "吕娜", "施国强", "张桂芝", "孔祥瑞",
                           "曹颖", "严明", "华春燕", "金鹏", "魏红梅", "陶然", "姜涛", "谢婷婷", "戚文", "潘海燕"]


def _subdistrict_duty_staff() -> dict[str, tuple[str, list[str], str | None, str]]:
    """A duty officer for each demo sub-district other than the one of ``duty`` (孙立)."""
    taken = {code for (_name, roles, code, _w) in DEMO_STAFF.values() if Role.DUTY_OFFICER in roles}
    codes = [f"{brg_code}-s{index}" for brigades in DEMO_TREE.values() for (brg_code, _n, _a), subs in brigades.items()
             for index in range(1, len(subs) + 1)]
    free = [code for code in codes if code not in taken]
    return {f"duty_{code.replace('-', '_')}": (name, [Role.DUTY_OFFICER], code, "")
            for code, name in zip(free, _SUBDISTRICT_DUTY_NAMES, strict=False)}


def seed_staff() -> list[User]:
    sync_role_groups()
    users = []
    everyone = {**DEMO_STAFF, **DEMO_CHAIN_STAFF, **_subdistrict_duty_staff()}
    for username, (full_name, roles, unit_code, window) in everyone.items():
        user, _created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.unit = OrgUnit.objects.get(code=unit_code) if unit_code else None
        user.window_number = window
        user.phone = user.phone or "13800000000"
        user.email = user.email or f"{username}@example.com"
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        users.append(user)
    return users
