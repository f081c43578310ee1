"""Demo enterprises and enterprise accounts (``manage.py seed_demo``). Idempotent, deterministic."""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.auth.models import Group

from enterprises import services
from enterprises.enums import AccountStatus, Industry, RiskTier
from enterprises.models import Enterprise, EnterpriseAccount
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

ENTERPRISES_PER_BRIGADE = 7  # 10 brigades → 70 enterprises


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def seed_enterprises() -> int:
    rng = random.Random(20261129)  # fixed: the same demo every time
    created = 0
    brigades = OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("code")
    for brigade in brigades:
        city_code = brigade.code.split("-")[0]
        city = CITY_NAMES[city_code]
        grids = list(OrgUnit.objects.subtree_of(brigade).filter(kind=UnitKind.GRID).order_by("code"))
        district = brigade.name.split("区")[0]
        for index in range(ENTERPRISES_PER_BRIGADE):
            industry = list(INDUSTRY_NAMES)[(index * 3 + len(brigade.code)) % len(INDUSTRY_NAMES)]
            corp_suffix, venue_suffix = INDUSTRY_NAMES[industry]
            word = TRADE_WORDS[(index * 7 + sum(map(ord, brigade.code))) % len(TRADE_WORDS)]
            name = f"{city}{word}{corp_suffix}" if index % 2 == 0 else f"{city}{district}{word}{venue_suffix}"
            body = f"{rng.randrange(10**7, 10**8):08d}"
            uscc = make_uscc("91" + BRIGADE_AREA_CODES[brigade.code], body)
            if Enterprise.objects.filter(uscc=uscc).exists() or Enterprise.objects.filter(name=name).exists():
                continue
            risk = [RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGH][index % 3]
            services.enterprise_create(
                actor=None,
                name=name,
                uscc=uscc,
                legal_representative=_person(rng),
                contact_name=_person(rng),
                contact_phone=f"13{rng.randrange(10**8, 10**9)}",
                address=f"{city}市{district}区{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
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
