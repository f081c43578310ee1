from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Levels of the one organisation tree: (总队 →) 支队 → 大队 → 街道 → 社区 → 网格."""

    PROVINCE = "province", _("Provincial corps")  # 总队 (a province, above the cities)
    DETACHMENT = "detachment", _("Detachment")  # 支队 (a city)
    BRIGADE = "brigade", _("Brigade")  # 大队 (a district)
    SUBDISTRICT = "subdistrict", _("Sub-district")  # 街道
    COMMUNITY = "community", _("Community")  # 社区
    GRID = "grid", _("Grid")  # 网格


# Which kind may sit under which: the tree is strict so that scoping by subtree is simple.
ALLOWED_CHILD_KINDS: dict[str | None, set[str]] = {
    None: {UnitKind.PROVINCE, UnitKind.DETACHMENT},
    UnitKind.PROVINCE: {UnitKind.DETACHMENT},
    UnitKind.DETACHMENT: {UnitKind.BRIGADE},
    UnitKind.BRIGADE: {UnitKind.SUBDISTRICT},
    UnitKind.SUBDISTRICT: {UnitKind.COMMUNITY},
    UnitKind.COMMUNITY: {UnitKind.GRID},
    UnitKind.GRID: set(),
}
