"""The 机关代字 of a unit's document numbers (沈铁消责改〔2026〕3号, GB/T 9704-2012 7.2.3): set by an administrator
or derived from the names, unique, and the number format itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, default_document_code
from firesvc.accounts.services import org_unit_create
from firesvc.core.numbering import document_number


@pytest.mark.parametrize(("names", "code"), [
    (["沈阳市消防救援支队", "铁西区消防救援大队"], "沈铁消"),
    (["沈阳市消防救援支队", "沈阳市铁西区消防救援大队"], "沈铁消"),  # a brigade named with its city
    (["锦州市消防救援支队", "古塔区消防救援大队"], "锦古消"),
    (["沈阳市消防救援支队"], "沈消"),
    (["辽宁省消防救援总队"], "辽消"),
])
def test_the_default_code_is_the_first_character_of_each_place_and_xiao(names, code) -> None:
    assert default_document_code(names) == code


@pytest.fixture
def shenyang(db):  # type: ignore[no-untyped-def]
    city = org_unit_create(kind=UnitKind.DETACHMENT, name="沈阳市消防救援支队", code="sy", parent=None)
    brigade = org_unit_create(kind=UnitKind.BRIGADE, name="铁西区消防救援大队", code="sy-tx", parent=city)
    street = org_unit_create(kind=UnitKind.SUBDISTRICT, name="兴华街道", code="sy-tx-s1", parent=brigade)
    return {"city": city, "brigade": brigade, "street": street}


def test_a_unit_without_a_code_uses_the_default_of_its_names(shenyang) -> None:
    assert shenyang["city"].document_code == "沈消"
    assert shenyang["brigade"].document_code == "沈铁消"


def test_a_unit_below_a_brigade_uses_its_brigades_code(shenyang) -> None:
    OrgUnit.objects.filter(pk=shenyang["brigade"].pk).update(doc_code="铁西消")
    assert OrgUnit.objects.get(pk=shenyang["street"].pk).document_code == "铁西消"


def test_the_code_an_administrator_sets_wins_over_the_default(shenyang) -> None:
    brigade = shenyang["brigade"]
    brigade.doc_code = "沈铁西消"
    brigade.full_clean()
    brigade.save()
    assert OrgUnit.objects.get(pk=brigade.pk).document_code == "沈铁西消"


def test_two_units_may_not_share_a_code(shenyang) -> None:
    OrgUnit.objects.filter(pk=shenyang["city"].pk).update(doc_code="沈铁消")
    brigade = shenyang["brigade"]
    brigade.doc_code = "沈铁消"
    with pytest.raises(ValidationError) as error:
        brigade.full_clean()
    assert "doc_code" in error.value.message_dict


def test_an_administrator_edits_the_code_on_the_units_admin_page(client, shenyang) -> None:
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:accounts_orgunit_change", args=[shenyang["brigade"].pk])
    form = client.get(url).content.decode()
    assert 'name="doc_code"' in form
    data = {"name": "铁西区消防救援大队", "code": "sy-tx", "doc_code": "沈铁消", "address": "", "phone": "",
            "boundary": "null", "centre_latitude": "", "centre_longitude": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OrgUnit.objects.get(pk=shenyang["brigade"].pk).doc_code == "沈铁消"


@pytest.mark.django_db
def test_a_document_number_is_code_kind_year_and_serial_without_padding() -> None:
    assert document_number(code="沈铁消", kind="责改", year=2026) == "沈铁消责改〔2026〕1号"
    assert document_number(code="沈铁消", kind="责改", year=2026) == "沈铁消责改〔2026〕2号"
    assert document_number(code="沈铁消", kind="受理", year=2026) == "沈铁消受理〔2026〕1号"
    assert document_number(code="沈和消", kind="责改", year=2026) == "沈和消责改〔2026〕1号"


@pytest.mark.django_db
def test_the_demo_units_carry_their_codes() -> None:
    from firesvc.accounts.demo import seed_org_tree

    seed_org_tree()
    codes = dict(OrgUnit.objects.filter(code__in=["ln", "sy", "sy-tx", "sy-sh", "jz-gt"])
                 .values_list("code", "doc_code"))
    assert codes == {"ln": "辽消", "sy": "沈消", "sy-tx": "沈铁消", "sy-sh": "沈河消", "jz-gt": "锦古消"}


def test_a_unit_whose_default_code_is_another_units_must_be_given_its_own(shenyang) -> None:
    # 铁岭 and 铁西 both read 沈铁消 by default: two issuers whose numbers would read alike.
    tieling = org_unit_create(kind=UnitKind.BRIGADE, name="铁岭区消防救援大队", code="sy-tl", parent=shenyang["city"])
    with pytest.raises(ValidationError) as error:
        tieling.full_clean()
    assert "doc_code" in error.value.message_dict


def test_a_code_may_not_be_another_units_default(shenyang) -> None:
    heping = org_unit_create(kind=UnitKind.BRIGADE, name="和平区消防救援大队", code="sy-hp", parent=shenyang["city"])
    heping.doc_code = "沈铁消"  # 铁西's, by default
    with pytest.raises(ValidationError) as error:
        heping.full_clean()
    assert "doc_code" in error.value.message_dict


def test_a_new_unit_is_checked_with_the_names_above_it(shenyang) -> None:
    unit = OrgUnit(kind=UnitKind.BRIGADE, name="铁东区消防救援大队", code="sy-td", parent=shenyang["city"])
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "doc_code" in error.value.message_dict


def test_a_unit_with_a_code_of_its_own_passes_beside_the_same_default(shenyang) -> None:
    tieling = org_unit_create(kind=UnitKind.BRIGADE, name="铁岭区消防救援大队", code="sy-tl", parent=shenyang["city"],
                              doc_code="沈岭消")
    tieling.full_clean()
    assert tieling.document_code == "沈岭消"
