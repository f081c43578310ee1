"""The admin's words in the user's language: its pickers' JavaScript catalogue, permission, model and field names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from unittest import mock

import django
import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils.functional import Promise

from firesvc.accounts.roles import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db

SELECT_FILTER = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js" / "SelectFilter2.js"


def _administrator() -> Client:
    client = Client()
    client.force_login(staff(Role.ADMINISTRATOR, None, is_staff=True, is_superuser=True))
    return client


def _admin_catalogue() -> dict:
    script = _administrator().get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))


def test_the_admin_javascript_catalogue_has_every_word_of_the_group_and_permission_pickers() -> None:
    words = set(re.findall(r"""\bgettext\((?:'([^']*)'|"([^"]*)")\)""", SELECT_FILTER.read_text()))
    catalogue = _admin_catalogue()
    missing = sorted(single or double for single, double in words if (single or double) not in catalogue)
    assert missing == []


def test_the_pickers_words_django_lacks_are_served_from_the_projects_catalogue() -> None:
    chinese = {"Choose all %s": "全选%s"}
    with mock.patch("firesvc.core.admin_words.gettext", lambda msgid: chinese.get(msgid, msgid)):
        catalogue = _admin_catalogue()
    assert catalogue["Choose all %s"] == "全选%s"
    assert catalogue["Choose all"] == "全选"  # Django's own Chinese is kept


def test_every_custom_permission_name_is_marked_for_translation() -> None:
    unmarked = [(model._meta.label, codename) for model in apps.get_models()
                for codename, name in model._meta.permissions if not isinstance(name, Promise)]
    assert unmarked == []


@pytest.mark.parametrize(("model", "fields"), [
    ("sla.SlaAlert", ["clock", "unit", "assignee"]),
    ("approvals.IntakeNotice", ["application", "snapshot"]),
    ("approvals.ThreeOnesBreach", ["application", "notice", "earlier_notice", "requirement", "clerk", "unit",
                                   "created_at"]),
    ("approvals.Matter", ["order"]),
    ("approvals.MaterialRequirement", ["order"]),
    ("hazard_reports.ApiKey", ["created_at"]),
])
def test_the_admin_forms_name_the_fields_in_the_users_language(model: str, fields: list[str]) -> None:
    meta = apps.get_model(model)._meta
    assert [name for name in fields if not isinstance(meta.get_field(name).verbose_name, Promise)] == []


def test_the_required_items_are_named_in_the_users_language_in_the_permission_pickers() -> None:
    meta = apps.get_model("approvals.RequiredItem")._meta
    assert isinstance(meta.verbose_name, Promise)
    assert isinstance(meta.verbose_name_plural, Promise)


def test_the_rule_set_list_shows_no_rule_set_code(tree) -> None:
    from firesvc.sla.models import RuleSet

    ruleset = RuleSet.objects.get(code="report_era")  # loaded by the migrations
    page = _administrator().get(reverse("admin:sla_ruleset_changelist")).content.decode()
    assert ruleset.name in page
    assert "report_era" not in page


def test_the_rule_set_action_is_named_in_the_users_language() -> None:
    from firesvc.sla.admin import RuleSetAdmin

    assert isinstance(RuleSetAdmin.activate.short_description, Promise)
