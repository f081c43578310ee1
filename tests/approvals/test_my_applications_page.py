"""The enterprise's "my applications" list: links, draft label, a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.approvals.conftest import make_draft, make_submitted

pytestmark = pytest.mark.django_db


def test_my_applications_links_each_case_and_labels_drafts(client, approvals_world) -> None:
    draft = make_draft(approvals_world, upload=False)
    submitted = make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    html = client.get(reverse("approvals:my_applications")).content.decode()
    assert f'<a href="{reverse("approvals:application", args=[draft.pk])}">草稿</a>' in html
    assert f'<a href="{reverse("approvals:application", args=[submitted.pk])}">{submitted.number}</a>' in html
    assert submitted.matter.name in html and submitted.project_name in html
    assert str(submitted.get_status_display()) in html


def test_my_applications_uses_a_constant_number_of_queries(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    make_submitted(approvals_world)
    client.get(reverse("approvals:my_applications"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("approvals:my_applications"))
    for _ in range(4):
        make_draft(approvals_world, upload=False)
    make_submitted(approvals_world)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("approvals:my_applications"))
    assert len(many) == len(few)
