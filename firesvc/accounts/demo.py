"""Demo organisation tree and demo users (``manage.py seed_demo``). Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
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

# 朝阳 as in the report (十分钟消防便民服务圈): 38 sub-districts, each with its 巡消机动队, and 77 communities, each
# with its 保消巡逻队 and the 消防咨询点 of its 社区警务室. The sub-districts above are the ones people meet in
# the walk-throughs; these complete the city, each community with one grid.
CHAOYANG_MORE_SUBDISTRICTS: dict[str, list[str]] = {
    "cy-st": ["站南", "前进", "光明", "龙山", "红旗", "燕都", "凌凤", "七道泉子", "孙家湾", "长宝", "桃花吐", "大平房",
              "东大道", "西大营子", "他拉皋", "王营子"],
    "cy-lc": ["半拉山", "海龙", "向阳", "召都巴", "边杖子", "联合", "大杖子", "乌兰河硕", "七道岭", "西大营",
              "大平房东",
              "八棱观", "胜利", "尚志", "古山", "凤凰", "木头城子"],
}
CHAOYANG_EXTRA_COMMUNITY = "东"  # the one sub-district (the first added) with a third community


def _chaoyang_tree() -> None:
    """Add the rest of 朝阳's sub-districts (38 in all) and communities (77) to ``DEMO_TREE``."""
    brigades = DEMO_TREE[("cy", "朝阳市消防救援支队")]
    for (code, _name, _area), subs in brigades.items():
        for index, stem in enumerate(CHAOYANG_MORE_SUBDISTRICTS.get(code, [])):
            names = [f"{stem}北社区", f"{stem}南社区"]
            if code == "cy-st" and index == 0:
                names.append(f"{stem}{CHAOYANG_EXTRA_COMMUNITY}社区")
            subs.setdefault(f"{stem}街道", names)


_chaoyang_tree()

BRIGADE_AREA_CODES: dict[str, str] = {
    code: area for brigades in DEMO_TREE.values() for (code, _name, area) in brigades
}


def _unit(*, kind: str, name: str, code: str, parent: OrgUnit | None) -> OrgUnit:
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return org_unit_create(kind=kind, name=name, code=code, parent=parent)


# The 机关代字 of the demo units' document numbers (沈铁消责改〔2026〕3号). Most are the default the names give
# (OrgUnit.document_code); 沈河区's default would read 沈沈消, so it is written out as 沈河消.
DEMO_DOC_CODES: dict[str, str] = {
    "ln": "辽消", "sy": "沈消", "sy-tx": "沈铁消", "sy-hp": "沈和消", "sy-sh": "沈河消", "sy-hg": "沈皇消",
    "sy-dd": "沈大消", "jz": "锦消", "jz-gt": "锦古消", "jz-lh": "锦凌消", "jz-th": "锦太消", "cy": "朝消",
    "cy-st": "朝双消", "cy-lc": "朝龙消",
}


def _doc_codes() -> None:
    """Give the demo units their 代字 where an administrator has set none."""
    for code, doc_code in DEMO_DOC_CODES.items():
        OrgUnit.objects.filter(code=code, doc_code="").exclude(
            pk__in=OrgUnit.objects.filter(doc_code=doc_code).values("pk")).update(doc_code=doc_code)


# How many sub-districts of each brigade are the first ones (two grids per community); later ones have one.
FIRST_SUBDISTRICTS: dict[str, int] = {"cy-st": 3, "cy-lc": 2}


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
                grids = (1, 2) if s_index <= FIRST_SUBDISTRICTS.get(brg_code, len(subdistricts)) else (1,)
                for c_index, com_name in enumerate(communities, start=1):
                    com = _unit(kind=UnitKind.COMMUNITY, name=com_name, code=f"{sub.code}-c{c_index}", parent=sub)
                    for g_index in grids:
                        _unit(kind=UnitKind.GRID, name=f"{com_name}第{g_index}网格",
                              code=f"{com.code}-g{g_index}", parent=com)
    _map_places()
    _doc_codes()
    return OrgUnit.objects.count() - created_before


# Where each city's demo communities lie: a centre each (a step apart from the city's centre), and a square
# boundary per grid in 沈阳 and 朝阳 (in 锦州 the grids have none: a point there goes to the nearest centre).
CITY_CENTRES: dict[str, tuple[float, float]] = {"sy": (41.7960, 123.4290), "jz": (41.0950, 121.1270),
                                                "cy": (41.5760, 120.4500)}
MAPPED_GRIDS = ("sy", "cy")
COMMUNITY_STEP = 0.012  # degrees between community centres (about 1.3 km north-south, 1 km east-west)


def demo_centre(index: int, city: str) -> tuple[float, float]:
    """The centre of a city's ``index``-th community (tree order): a spiral-free grid of 10 per row."""
    lat, lng = CITY_CENTRES[city]
    return round(lat + (index // 10 - 2) * COMMUNITY_STEP, 6), round(lng + (index % 10 - 5) * COMMUNITY_STEP, 6)


def _map_places() -> None:
    """Give the demo communities a centre and the grids of 沈阳 and 朝阳 a boundary, where they have none."""
    from decimal import Decimal

    half = COMMUNITY_STEP / 2 * 0.9  # a community's square; its grids split it west and east
    for city in CITY_CENTRES:
        root = OrgUnit.objects.filter(code=city).first()
        if root is None:
            continue
        communities = list(OrgUnit.objects.subtree_of(root).filter(kind=UnitKind.COMMUNITY).order_by("path"))
        grids: dict[int, list[OrgUnit]] = {}
        for grid in OrgUnit.objects.subtree_of(root).filter(kind=UnitKind.GRID).order_by("path"):
            grids.setdefault(grid.parent_id, []).append(grid)
        changed: list[OrgUnit] = []
        for index, community in enumerate(communities):
            lat, lng = demo_centre(index, city)
            if community.centre_latitude is None:
                community.centre_latitude, community.centre_longitude = Decimal(str(lat)), Decimal(str(lng))
                changed.append(community)
            if city not in MAPPED_GRIDS:
                continue
            own = grids.get(community.pk, [])
            width = 2 * half / max(len(own), 1)
            for g_index, grid in enumerate(own):
                if grid.boundary is not None:
                    continue
                west, east = lng - half + g_index * width, lng - half + (g_index + 1) * width
                south, north = lat - half, lat + half
                ring = [[round(x, 6), round(y, 6)] for x, y in
                        ((west, south), (east, south), (east, north), (west, north), (west, south))]
                grid.boundary = {"type": "Polygon", "coordinates": [ring]}
                changed.append(grid)
        OrgUnit.objects.bulk_update(changed, ["centre_latitude", "centre_longitude", "boundary"], batch_size=500)


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


# Who answers in every city (and above them, the province's discipline supervisor): a duty officer (值班员,
# escalated hazard reports) and a discipline supervisor (纪委, complaints and integrity reports about its
# brigades) in each detachment, and a duty officer in every sub-district that has none above (new hazard
# reports). Not signed in by the crawl: DEMO_STAFF has each role.
DEMO_CHAIN_STAFF: dict[str, tuple[str, list[str], str | None, str]] = {
    "supervisor_ln": ("林振东", [Role.SUPERVISOR], PROVINCE[0], ""),
    # 锦州's service hall: three windows (clerk_jz sits at the second)
    "clerk_jz1": ("高雅琴", [Role.WINDOW_CLERK], "jz-gt", "1号窗口"),
    "clerk_jz3": ("邵明远", [Role.WINDOW_CLERK], "jz-gt", "3号窗口"),  # 总队纪委: integrity reports on a detachment
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
    return {f"duty_{code.replace('-', '_')}": (_duty_name(index), [Role.DUTY_OFFICER], code, "")
            for index, code in enumerate(free)}


_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = ["建军", "海燕", "志强", "丽娟", "国庆", "秀英", "春雷", "晓东", "玉兰", "立新", "红梅", "振华"]


def _duty_name(index: int) -> str:
    """The named duty officers first, then names made from common surnames and given names (all different)."""
    if index < len(_SUBDISTRICT_DUTY_NAMES):
        return _SUBDISTRICT_DUTY_NAMES[index]
    index -= len(_SUBDISTRICT_DUTY_NAMES)
    return _SURNAMES[index % len(_SURNAMES)] + _GIVEN[(index // len(_SURNAMES) + index) % len(_GIVEN)]


def seed_staff() -> list[User]:
    sync_role_groups()
    users = []
    everyone = {**DEMO_STAFF, **DEMO_CHAIN_STAFF, **_subdistrict_duty_staff()}
    # One hash for the one demo password: hashing it again for each of the sixty people is most of the step.
    hashed = make_password(settings.DEMO_PASSWORD)
    for username, (full_name, roles, unit_code, window) in everyone.items():
        user, _created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.unit = OrgUnit.objects.get(code=unit_code) if unit_code else None
        user.window_number = window
        user.phone = user.phone or "13800000000"
        user.email = user.email or f"{username}@example.com"
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.password = hashed
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        users.append(user)
    return users
