"""The public form's blank fields: drawn by crispy-forms from the form on every request, so a change to the
sub-districts or the language shows at once."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from feedback.hazard_reports.forms import ReportForm
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.accounts.services import org_unit_create
from tests.factories import PASSWORD, staff

URL = "/reports/"


def test_blank_form_is_the_fields_template_drawn_from_a_blank_form(client, place) -> None:
    page = client.get(URL).content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        fields = render_to_string("hazard_reports/_report_fields.html", {"form": ReportForm()})
    assert fields in page
    assert place["subdistrict"].name in fields and "您看到了什么？" in fields


def test_blank_form_shows_a_renamed_subdistrict_at_once(client, place) -> None:
    client.get(URL)
    OrgUnit.objects.filter(pk=place["subdistrict"].pk).update(name="新华街道（更名）")
    html = client.get(URL).content.decode()
    assert "新华街道（更名）" in html


def test_blank_form_shows_a_new_subdistrict_at_once(client, place) -> None:
    client.get(URL)
    org_unit_create(kind=UnitKind.SUBDISTRICT, name="新设街道", code="h-new-sd", parent=place["brigade"])
    assert "新设街道" in client.get(URL).content.decode()


def test_blank_form_follows_the_chosen_language(client, place) -> None:
    client.get(URL)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL).content.decode()
    assert "What did you see?" in html and "您看到了什么？" not in html


def test_a_grid_managers_preselected_place_is_not_the_blank_form(client, place) -> None:
    client.get(URL)  # a blank form rendered first
    client.login(username=staff(Role.GRID_MANAGER, place["grid"]).username, password=PASSWORD)
    assert f'<option value="{place["grid"].pk}" selected>' in client.get(URL).content.decode()


def test_a_blank_form_reads_the_cities_once(place, django_assert_num_queries) -> None:
    # the one city is both "there is one city" and the city the form starts with
    with django_assert_num_queries(1):
        form = ReportForm()
    assert form.city is not None and not form.several_cities
