"""The staff search's two-character lookup (``firesvc.core.bigrams``): the rows of ``__icontains``, whatever the
text holds (case, LIKE's wildcards), found through the bigram index on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db.models import F

from enterprises.models import Enterprise
from firesvc.core.bigrams import BigramIContains
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

NAMES = ["天润置业", "沈阳天润", "铁西天润广场", "天", "天x润", "润天商贸", "ABC有限公司", "abc",
         "50%折扣店", "a_b商店"]


@pytest.mark.parametrize(("text", "expected"), [
    ("天润", ["天润置业", "沈阳天润", "铁西天润广场"]),  # at the start, the end, inside
    ("润天", ["润天商贸"]),
    ("x润", ["天x润"]),
    ("Bc", ["ABC有限公司", "abc"]),  # in any case
    ("5%", []),  # a wildcard is a character like any other
    ("0%", ["50%折扣店"]),
    ("_b", ["a_b商店"]),
    ("商店", ["a_b商店"]),
])
def test_bigram_icontains_finds_the_rows_icontains_finds(tree, text: str, expected: list[str]) -> None:
    for name in NAMES:
        EnterpriseFactory(brigade=tree["a"]["brigade"], name=name)
    found = Enterprise.objects.filter(BigramIContains(F("name"), text)).values_list("name", flat=True)
    assert sorted(found) == sorted(expected) == sorted(
        Enterprise.objects.filter(name__icontains=text).values_list("name", flat=True))
