"""Seeding the demo's org tree over a tree of older seeds (out of test_demo_reach.py, whose tests share a
seeded tree)."""

from __future__ import annotations

from firesvc.accounts.demo import seed_org_tree
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.sla.services import load_rule_sets


def test_seeding_again_over_a_tree_without_province_moves_the_cities_under_it(db) -> None:
    from firesvc.accounts.services import org_unit_create

    load_rule_sets()
    old = org_unit_create(kind=UnitKind.DETACHMENT, name="朝阳市消防救援支队", code="cy", parent=None)
    brigade = org_unit_create(kind=UnitKind.BRIGADE, name="双塔区消防救援大队", code="cy-st", parent=old)
    seed_org_tree()
    province = OrgUnit.objects.get(kind=UnitKind.PROVINCE)
    old.refresh_from_db()
    brigade.refresh_from_db()
    assert old.parent == province
    assert brigade.path == f"{province.path}{old.pk}/{brigade.pk}/"
    assert brigade.depth == 2
