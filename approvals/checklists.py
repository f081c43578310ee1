"""The site-inspection checklists per matter (现场检查/评定项目) as plain data.

Loaded by a data migration (and ``load_checklists`` in tests); administrators edit them
afterwards in the admin (``ChecklistItem``).
"""

from __future__ import annotations

from typing import Any

CHECKLISTS: dict[str, list[tuple[str, str]]] = {
    "design_review": [
        ("fire_separation", "总平面布局和平面布置、防火间距符合设计规范"),
        ("evacuation", "安全疏散和消防电梯设计符合规范"),
        ("fire_systems", "消防给水和自动灭火系统设计符合规范"),
    ],
    "acceptance": [
        ("layout", "建筑总平面布局、防火间距、消防车道与设计文件一致"),
        ("compartments", "防火分区、防火分隔、防火门窗设置符合要求"),
        ("evacuation", "安全出口、疏散通道、应急照明和疏散指示完好"),
        ("hydrants", "室内外消火栓系统功能正常"),
        ("sprinklers", "自动喷水灭火系统功能正常"),
        ("alarm", "火灾自动报警系统联动功能正常"),
        ("smoke_control", "防排烟系统功能正常"),
    ],
    "pre_opening": [
        ("exits", "疏散通道、安全出口畅通，数量和宽度符合要求"),
        ("signs", "应急照明、疏散指示标志完好有效"),
        ("extinguishers", "灭火器配置符合要求且在有效期内"),
        ("decoration", "室内装修材料燃烧性能符合要求"),
        ("control_room", "消防控制室值班人员持证上岗"),
        ("plans", "消防安全制度和应急疏散预案已制定并演练"),
    ],
}


def load_checklists(matter_model: Any, item_model: Any) -> int:
    """Create the missing checklist items of the catalogue's matters; existing ones are left alone."""
    written = 0
    for code, items in CHECKLISTS.items():
        matter = matter_model.objects.filter(code=code).first()
        if matter is None:
            continue
        for order, (item_code, text) in enumerate(items, start=1):
            _item, created = item_model.objects.get_or_create(
                matter=matter, code=item_code, defaults={"text": text, "order": order})
            written += int(created)
    return written
