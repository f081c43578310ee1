from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_simplified_chinese_translation() -> None:
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po if not e.obsolete and (
        "fuzzy" in e.flags or not (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr))]
    assert untranslated == []


@pytest.mark.django_db
def test_pages_are_in_simplified_chinese_by_default(client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page
    assert "Sign in" not in page


@pytest.mark.django_db
def test_english_is_available_through_the_language_switch(client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert "Sign in" in page


@pytest.mark.django_db
def test_the_browser_language_does_not_override_the_chinese_default(client) -> None:
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page
