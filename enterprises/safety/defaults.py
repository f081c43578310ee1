"""Default 六加一 checklist and key-unit categories; administrators edit them afterwards in the admin."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# 消防安全重点单位“六加一”措施
DEFAULT_MEASURES = [
    ("manager", "确定消防安全责任人、管理人"),
    ("archive", "建立消防档案"),
    ("signs", "设置消防安全标志"),
    ("daily_patrol", "实行每日防火巡查并记录"),
    ("training", "开展员工岗前消防安全培训"),
    ("drill", "制定灭火和应急疏散预案并定期演练"),
    ("registry", "消防安全户籍化管理（定期报告备案）"),
]

# (name, industries, min building area m², min occupants, description)
DEFAULT_CATEGORIES: list[tuple[str, list[str], Decimal | None, int | None, str]] = [
    ("公众聚集场所", ["retail", "hotel", "entertainment", "catering"], Decimal("1000"), None,
     "商场（市场）、宾馆（饭店）、公共娱乐场所、餐饮场所，建筑面积1000平方米以上"),
    ("医院、养老机构", ["healthcare"], None, 50, "住院床位或养老床位50张以上"),
    ("学校", ["education"], None, 500, "在校学生500人以上"),
    ("易燃易爆危险品单位", ["chemical"], None, None, "生产、储存、经营易燃易爆危险品的单位"),
    ("仓储物流", ["warehousing"], Decimal("2000"), None, "建筑面积2000平方米以上的仓库、物流中心"),
    ("劳动密集型企业", ["manufacturing", "construction"], None, 100, "同一时间生产作业人员100人以上"),
    ("高层公共建筑", ["office"], Decimal("10000"), None, "建筑面积10000平方米以上的高层办公楼"),
]


def load_defaults(measure_model: Any, category_model: Any) -> None:
    """Create the defaults that are missing (idempotent; never overwrites an administrator's edit)."""
    for order, (code, title) in enumerate(DEFAULT_MEASURES, start=1):
        measure_model.objects.get_or_create(code=code, defaults={"title": title, "order": order})
    for name, industries, area, occupants, description in DEFAULT_CATEGORIES:
        category_model.objects.get_or_create(name=name, defaults={
            "industries": industries, "min_building_area": area, "min_occupants": occupants,
            "description": description})
