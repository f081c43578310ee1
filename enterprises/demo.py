"""Demo enterprises and enterprise accounts (``manage.py seed_demo``). Idempotent, deterministic."""

from __future__ import annotations

import hashlib
import random

from django.conf import settings
from django.contrib.auth.models import Group

from enterprises.enums import AccountStatus, Industry, RiskTier
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprises as services
from firesvc.accounts.demo import BRIGADE_AREA_CODES
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role
from firesvc.identifiers import make_uscc

CITY_NAMES = {"sy": "沈阳", "jz": "锦州", "cy": "朝阳"}
TRADE_WORDS = ["华润", "鑫源", "恒达", "北方", "宏远", "东升", "金桥", "瑞丰", "盛京", "辽河", "新兴", "万达",
               "长城", "福瑞", "利民", "安泰", "博雅", "天润", "兴隆", "鼎盛"]
INDUSTRY_NAMES: dict[str, tuple[str, str]] = {
    Industry.MANUFACTURING: ("重型机械制造有限公司", "机床厂"),
    Industry.RETAIL: ("商贸有限公司", "购物中心"),
    Industry.CATERING: ("餐饮管理有限公司", "火锅城"),
    Industry.HOTEL: ("酒店管理有限公司", "大酒店"),
    Industry.ENTERTAINMENT: ("文化娱乐有限公司", "KTV"),
    Industry.EDUCATION: ("教育科技有限公司", "培训学校"),
    Industry.HEALTHCARE: ("养老服务有限公司", "康养中心"),
    Industry.WAREHOUSING: ("物流有限公司", "仓储中心"),
    Industry.CHEMICAL: ("化工有限公司", "涂料厂"),
    Industry.OFFICE: ("物业服务有限公司", "商务大厦"),
    Industry.CONSTRUCTION: ("建设工程有限公司", "建筑公司"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建华", "海燕", "志强", "秀英", "国庆", "丽娟", "明", "军", "红梅", "立新", "春生", "玉兰"]
STREETS = ["建设大路", "北二路", "中华路", "解放路", "人民街", "友谊路", "新华路", "黄河路", "重工街", "兴华街"]

# 铁西 (the report's brigade) gets the most; 10 brigades → 70 enterprises.
ENTERPRISES_PER_BRIGADE = {"sy-tx": 16}
DEFAULT_PER_BRIGADE = 6


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _org_body(brigade_code: str, index: int) -> str:
    """A stable organisation-code body per (brigade, index): re-running finds the same codes."""
    digest = hashlib.sha256(f"{brigade_code}/{index}".encode()).hexdigest()
    return f"{int(digest[:12], 16) % 10**8:08d}"


def seed_enterprises() -> int:
    rng = random.Random(20261129)  # fixed: the same demo every time
    created = 0
    used_names: set[str] = set()
    industries = list(INDUSTRY_NAMES)
    for brigade in OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("code"):
        city = CITY_NAMES[brigade.code.split("-")[0]]
        district = brigade.name.split("区")[0]
        grids = list(OrgUnit.objects.subtree_of(brigade).filter(kind=UnitKind.GRID).order_by("code"))
        for index in range(ENTERPRISES_PER_BRIGADE.get(brigade.code, DEFAULT_PER_BRIGADE)):
            industry = industries[(index + len(used_names)) % len(industries)]
            corp_suffix, venue_suffix = INDUSTRY_NAMES[industry]
            for attempt in range(len(TRADE_WORDS)):
                word = TRADE_WORDS[(index * 7 + attempt + sum(map(ord, brigade.code))) % len(TRADE_WORDS)]
                name = f"{city}{word}{corp_suffix}" if index % 2 == 0 else f"{city}{district}{word}{venue_suffix}"
                if name not in used_names:
                    break
            used_names.add(name)
            uscc = make_uscc("91" + BRIGADE_AREA_CODES[brigade.code], _org_body(brigade.code, index))
            risk = [RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGH][index % 3]
            people = (_person(rng), _person(rng), f"13{rng.randrange(10**8, 10**9)}",
                      rng.choice(STREETS), rng.randrange(1, 300))
            if Enterprise.objects.filter(uscc=uscc).exists():
                continue
            services.enterprise_create(
                actor=None,
                name=name,
                uscc=uscc,
                legal_representative=people[0],
                contact_name=people[1],
                contact_phone=people[2],
                address=f"{city}市{district}区{people[3]}{people[4]}号",
                brigade=brigade,
                grid=grids[index % len(grids)] if grids else None,
                industry=industry,
                is_key_unit=industry in (Industry.HOTEL, Industry.ENTERTAINMENT, Industry.HEALTHCARE,
                                         Industry.CHEMICAL, Industry.RETAIL) or risk == RiskTier.HIGH,
                risk_tier=risk,
            )
            created += 1
    return created


# username → (full name, brigade code, index of the enterprise in that brigade, verified?)
DEMO_ENTERPRISE_USERS: dict[str, tuple[str, str, int, bool]] = {
    "ent_a": ("孙立新", "sy-tx", 0, True),
    "ent_b": ("周海燕", "sy-tx", 1, True),
    "ent_pending": ("吴志强", "sy-tx", 2, False),
    "ent_jz": ("马春生", "jz-gt", 0, True),
}


def seed_enterprise_users() -> None:
    group = Group.objects.get(name=Role.ENTERPRISE_USER)
    verifier = User.objects.filter(username="clerk").first()
    for username, (full_name, brigade_code, index, verified) in DEMO_ENTERPRISE_USERS.items():
        enterprise = Enterprise.objects.filter(brigade__code=brigade_code).order_by("pk")[index]
        user, _created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        user.full_name = full_name
        user.phone = user.phone or "13900000000"
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.groups.set([group])
        account = EnterpriseAccount.objects.filter(user=user).first()
        if account is None:
            account = EnterpriseAccount.objects.create(user=user, enterprise=enterprise, position="经办人")
        if verified and account.status == AccountStatus.PENDING:
            actor = verifier if brigade_code.startswith("sy") else User.objects.get(username="admin")
            services.enterprise_account_verify(actor=actor, account=account)
