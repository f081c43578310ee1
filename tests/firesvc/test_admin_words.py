"""The admin's words that Django's own Chinese lacks: its pickers' JavaScript catalogue, permission names."""

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


def _admin_catalogue() -> dict:
    client = Client()
    client.force_login(staff(Role.ADMINISTRATOR, None, is_staff=True, is_superuser=True))
    script = client.get(reverse("admin:jsi18n")).content.decode()
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
