"""The place of a report is unambiguous (issue 21 §5): the city first, the district beside each sub-district,
Open311 points placed in the grid that contains them, API keys bound to their jurisdiction, media_url kept."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from feedback.hazard_reports.models import ApiKey, HazardReport
from feedback.hazard_reports.services.reports import hazard_report_submit
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.selectors import place_at_point
from firesvc.geo import square
from tests.firesvc.factories import OrgUnitFactory
from tests.hazard_reports.conftest import form_data

BASE = "/open311/v2"


def _two_beitas(place, other_place):  # type: ignore[no-untyped-def]
    """Two cities, each with a 北塔街道 of its own district."""
    for units, district in ((place, "皇姑区"), (other_place, "双塔区")):
        units["brigade"].name = f"{district}消防救援大队"
        units["brigade"].save()
        units["subdistrict"].name = "北塔街道"
        units["subdistrict"].save()


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<option[^>]*>(.*?)</option>", select.group(0))]


def test_picker_asks_for_the_city_before_the_subdistricts(client, place, other_place) -> None:
    html = client.get(reverse("hazard_reports:report")).content.decode()
    assert place["detachment"].name in _options(html, "city")
    assert _options(html, "subdistrict") == ["— 请先选择城市 —"]


def test_picker_lists_a_citys_subdistricts_with_their_district(client, place, other_place) -> None:
    _two_beitas(place, other_place)
    html = client.get(reverse("hazard_reports:report"), {"city": place["detachment"].pk}).content.decode()
    assert _options(html, "subdistrict")[1:] == ["北塔街道（皇姑区）"]


def test_places_gives_the_subdistricts_of_a_city_with_their_district(client, place, other_place) -> None:
    _two_beitas(place, other_place)
    data = client.get(reverse("hazard_reports:places"), {"parent": other_place["detachment"].pk}).json()
    assert data == {"places": [{"id": other_place["subdistrict"].pk, "name": "北塔街道（双塔区）"}]}


def test_the_city_step_without_script_shows_its_subdistricts_and_keeps_what_was_typed(client, place,
                                                                                      other_place) -> None:
    _two_beitas(place, other_place)
    data = form_data(place, city=other_place["detachment"].pk, step="city", address="朝阳大街120号")
    response = client.post(reverse("hazard_reports:report"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert _options(html, "subdistrict")[1:] == ["北塔街道（双塔区）"]
    assert 'value="朝阳大街120号"' in html
    assert HazardReport.objects.count() == 0


def test_a_subdistrict_of_another_city_than_the_chosen_one_is_refused(client, place, other_place) -> None:
    data = form_data(place, city=other_place["detachment"].pk)
    response = client.post(reverse("hazard_reports:report"), data)
    assert response.status_code == 400
    assert HazardReport.objects.count() == 0


def test_a_form_sent_back_without_a_city_shows_the_city_of_its_subdistrict(client, place, other_place) -> None:
    data = form_data(other_place, city="", address="")
    response = client.post(reverse("hazard_reports:report"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'<option value="{other_place["detachment"].pk}" selected>', html)
    assert re.search(rf'<option value="{other_place["subdistrict"].pk}" selected>', html)


def test_the_poster_link_of_a_community_preselects_its_city_and_subdistrict(client, place, other_place) -> None:
    response = client.get(reverse("hazard_reports:report"), {"place": other_place["community"].pk})
    form = response.context["form"]
    assert form.initial["city"] == other_place["detachment"].pk
    assert form.initial["subdistrict"] == other_place["subdistrict"].pk
    assert form.initial["community"] == other_place["community"].pk


def test_a_grid_manager_finds_the_city_of_his_grid_chosen(client, place, other_place) -> None:
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    client.force_login(staff(Role.GRID_MANAGER, other_place["grid"]))
    html = client.get(reverse("hazard_reports:report")).content.decode()
    assert re.search(rf'<option value="{other_place["detachment"].pk}" selected>', html)
    assert re.search(rf'<option value="{other_place["subdistrict"].pk}" selected>', html)


# --- Open311: placing a point, the key's jurisdiction, media_url ------------------------------------------

@pytest.fixture
def mapped(place, other_place):  # type: ignore[no-untyped-def]
    """The grid of ``place`` has a boundary around (41.57, 120.45); the community of ``other_place`` has only
    a centre at (41.80, 123.43) and a grid without a boundary."""
    place["grid"].boundary = square(latitude=41.57, longitude=120.45, half_side_metres=300)
    place["grid"].save()
    other_place["community"].centre_latitude = Decimal("41.800000")
    other_place["community"].centre_longitude = Decimal("123.430000")
    other_place["community"].save()
    return place, other_place


def test_place_at_point_finds_the_grid_whose_boundary_contains_it(mapped) -> None:
    place, _other = mapped
    assert place_at_point(latitude=41.571, longitude=120.451) == place["grid"]


def test_place_at_point_falls_back_to_the_nearest_community_centre(mapped) -> None:
    _place, other = mapped
    assert place_at_point(latitude=41.805, longitude=123.43) == other["community"]


def test_place_at_point_skips_a_centre_whose_grids_all_have_boundaries(mapped) -> None:
    place, _other = mapped
    place["community"].centre_latitude, place["community"].centre_longitude = Decimal("41.58"), Decimal("120.45")
    place["community"].save()
    # 1.1 km north of the grid's square, outside it: the community is fully mapped by its grids
    assert place_at_point(latitude=41.58, longitude=120.45) is None


def test_place_at_point_is_none_far_from_everything(mapped) -> None:
    assert place_at_point(latitude=39.9, longitude=116.4) is None


def _key(units, **extra):  # type: ignore[no-untyped-def]
    return ApiKey.objects.create(name="app", default_unit=units["subdistrict"], **extra)


def test_open311_places_a_lat_long_only_request_in_the_grid_containing_it(client, mapped) -> None:
    place, _other = mapped
    key = _key(place)
    response = client.post(f"{BASE}/requests.json", {"api_key": key.key, "service_code": "blocked_exit",
                                                      "lat": "41.5705", "long": "120.4505"})
    assert response.status_code == 201
    report = HazardReport.objects.get()
    assert (report.subdistrict, report.community, report.grid) == (place["subdistrict"], place["community"],
                                                                   place["grid"])


def test_open311_places_a_point_without_boundary_at_the_nearest_community(client, mapped) -> None:
    _place, other = mapped
    key = _key(other)
    response = client.post(f"{BASE}/requests.json", {"api_key": key.key, "service_code": "blocked_exit",
                                                      "lat": "41.801", "long": "123.431"})
    assert response.status_code == 201
    report = HazardReport.objects.get()
    assert (report.community, report.grid) == (other["community"], None)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_refuses_a_point_outside_every_jurisdiction_with_400(client, mapped, fmt) -> None:
    place, _other = mapped
    response = client.post(f"{BASE}/requests.{fmt}", {"api_key": _key(place).key, "service_code": "blocked_exit",
                                                       "lat": "39.9", "long": "116.4"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "outside every jurisdiction" in body or "不在本消防救援机构任何辖区内" in body
    assert HazardReport.objects.count() == 0


def test_open311_key_cannot_file_into_another_city_by_address_id(client, place, other_place) -> None:
    response = client.post(f"{BASE}/requests.json", {"api_key": _key(place).key, "service_code": "blocked_exit",
                                                      "address_id": other_place["grid"].code})
    assert response.status_code == 403
    assert response.json()[0]["code"] == 403
    assert HazardReport.objects.count() == 0


def test_open311_key_cannot_file_into_another_city_by_its_point(client, mapped) -> None:
    place, _other = mapped
    response = client.post(f"{BASE}/requests.json", {"api_key": _key(place).key, "service_code": "blocked_exit",
                                                      "lat": "41.801", "long": "123.431"})
    assert response.status_code == 403
    assert HazardReport.objects.count() == 0


def test_open311_key_files_within_its_explicit_jurisdiction(client, place, other_place) -> None:
    key = _key(place, jurisdiction=other_place["detachment"])
    ok = client.post(f"{BASE}/requests.json", {"api_key": key.key, "service_code": "blocked_exit",
                                                "address_id": other_place["grid"].code})
    refused = client.post(f"{BASE}/requests.json", {"api_key": key.key, "service_code": "blocked_exit",
                                                     "address_id": place["grid"].code})
    assert (ok.status_code, refused.status_code) == (201, 403)


def test_open311_key_without_jurisdiction_files_nowhere(client, place) -> None:
    key = ApiKey.objects.create(name="app")
    response = client.post(f"{BASE}/requests.json", {"api_key": key.key, "service_code": "blocked_exit",
                                                      "address_id": place["grid"].code})
    assert response.status_code == 403


def test_open311_keeps_media_url_and_returns_it(client, place) -> None:
    url = "https://img.example.com/p/1.jpg"
    created = client.post(f"{BASE}/requests.json", {"api_key": _key(place).key, "service_code": "blocked_exit",
                                                     "address_id": place["grid"].code, "media_url": url})
    report = HazardReport.objects.get()
    assert report.media_url == url
    rows = client.get(f"{BASE}/requests/{created.json()[0]['service_request_id']}.json").json()
    assert rows[0]["media_url"] == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>1</script>", "ftp://x.example/a",
                                 "//img.example.com/a.jpg"])
def test_open311_refuses_a_media_url_that_is_not_http(client, place, url) -> None:
    response = client.post(f"{BASE}/requests.json", {"api_key": _key(place).key, "service_code": "blocked_exit",
                                                      "address_id": place["grid"].code, "media_url": url})
    assert response.status_code == 400
    assert HazardReport.objects.count() == 0


def test_media_url_is_a_link_on_the_staff_page_and_the_tracking_page(client, place) -> None:
    report = hazard_report_submit(category="other", subdistrict=place["subdistrict"], address="友谊街",
                                  description="d", media_url="https://img.example.com/p/1.jpg")
    link = '<a href="https://img.example.com/p/1.jpg" rel="noopener noreferrer nofollow"'
    assert link in client.get(report.get_tracking_url()).content.decode()
    client.force_login(place["duty"])
    assert link in client.get(report.get_absolute_url()).content.decode()


def test_a_stored_javascript_media_url_is_never_a_link(client, place) -> None:
    report = hazard_report_submit(category="other", subdistrict=place["subdistrict"], address="友谊街",
                                  description="d")
    HazardReport.objects.filter(pk=report.pk).update(media_url="javascript:alert(1)")
    assert "javascript:" not in client.get(report.get_tracking_url()).content.decode()


def test_a_service_refuses_a_javascript_media_url(place) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        hazard_report_submit(category="other", subdistrict=place["subdistrict"], address="友谊街",
                             description="d", media_url="javascript:alert(1)")


def test_a_unit_boundary_that_is_not_a_polygon_is_refused_by_clean(db) -> None:
    from django.core.exceptions import ValidationError

    grid = OrgUnitFactory.build(kind=UnitKind.GRID, boundary={"type": "Point", "coordinates": [120, 41]})
    with pytest.raises(ValidationError):
        grid.clean()


def test_the_poster_of_a_community_carries_a_link_that_preselects_it(client, place) -> None:
    response = client.get(reverse("hazard_reports:poster", args=[place["community"].pk]))
    html = response.content.decode()
    link = f"http://testserver/reports/?place={place['community'].pk}"
    assert response.status_code == 200
    assert f'href="{link}"' in html and "<svg" in html
    form = client.get(link).context["form"]
    assert form.initial["community"] == place["community"].pk


def test_a_subdistrict_has_no_poster(client, place) -> None:
    assert client.get(reverse("hazard_reports:poster", args=[place["subdistrict"].pk])).status_code == 404
