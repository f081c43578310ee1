"""The administrator's desk speaks of its background jobs in plain words, not of the products that run them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from firesvc.accounts.roles import Role
from firesvc.core.models import Heartbeat
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _desk(tree, settings) -> str:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"  # the words asserted in English, whatever the translations
    client = Client()
    client.force_login(staff(Role.ADMINISTRATOR, tree["a"]["brigade"]))
    return client.get(reverse("desk", args=[Role.ADMINISTRATOR])).content.decode()


def test_the_desk_without_a_heartbeat_does_not_name_celery(tree, settings) -> None:  # type: ignore[no-untyped-def]
    page = _desk(tree, settings)
    assert "No heartbeat from the background task worker yet." in page
    assert "Celery" not in page


def test_the_desk_names_each_heartbeat_in_words(tree, settings) -> None:  # type: ignore[no-untyped-def]
    for name in ("beat", "sla_sweep"):
        Heartbeat.objects.create(name=name, last_seen=timezone.now())
    page = _desk(tree, settings)
    assert "Task scheduler: " in page and "Time-limit sweep: " in page
    assert "beat: " not in page and "sla_sweep: " not in page
