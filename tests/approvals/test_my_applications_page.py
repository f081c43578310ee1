"""The enterprise's "my applications" list: links, draft label, pages, a constant number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import Application
from approvals.selectors import filing as selectors
from enterprises.models import EnterpriseAccount
from tests.approvals.conftest import make_draft, make_submitted

pytestmark = pytest.mark.django_db


def test_my_applications_links_each_case_and_labels_drafts(client, approvals_world) -> None:
    draft = make_draft(approvals_world, upload=False)
    submitted = make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    html = client.get(reverse("approvals:my_applications")).content.decode()
    assert f'<a href="{reverse("approvals:application", args=[draft.pk])}">草稿</a>' in html
    assert f'<a href="{reverse("approvals:application", args=[submitted.pk])}">{submitted.number}</a>' in html
    assert submitted.matter.name in html
    assert submitted.project_name in html
    assert str(submitted.get_status_display()) in html


def test_my_applications_row_changes_as_soon_as_the_case_does(client, approvals_world) -> None:
    # The rows are kept in the shared cache under what they show: a changed case is a new row.
    submitted = make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    assert "二期改造" not in client.get(reverse("approvals:my_applications")).content.decode()
    Application.objects.filter(pk=submitted.pk).update(project_name="二期改造")
    assert "二期改造" in client.get(reverse("approvals:my_applications")).content.decode()


def test_my_applications_rows_follow_the_language(client, approvals_world) -> None:
    make_draft(approvals_world, upload=False)
    client.force_login(approvals_world["applicant"])
    chinese = client.get(reverse("approvals:my_applications")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("approvals:my_applications")).content.decode()
    assert ">草稿</a>" in chinese
    assert ">draft</a>" in english


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


def _walk(user, account, **kwargs) -> list[list[int]]:
    """The pages of "my applications", first to last, as the ids each shows (following ``older``)."""
    pages, page = [], selectors.applications_of(user, account=account, **kwargs)
    while True:
        pages.append([row.pk for row in page.rows])
        if page.older is None:
            return pages
        page = selectors.applications_of(user, account=account, before=page.older, **kwargs)


def test_my_applications_pages_show_every_application_once_newest_first(approvals_world) -> None:
    drafts = [make_draft(approvals_world, upload=False) for _ in range(7)]
    same_moment = timezone.now() - timedelta(days=1)  # ties on created_at are broken by id
    Application.objects.filter(pk__in=[d.pk for d in drafts[2:5]]).update(created_at=same_moment)
    user = approvals_world["applicant"]
    account = EnterpriseAccount.objects.get(user=user)
    expected = list(Application.objects.visible_to(user).order_by("-created_at", "-pk").values_list("pk", flat=True))
    pages = _walk(user, account, page_size=3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [pk for p in pages for pk in p] == expected
    assert _walk(user, None, page_size=3) == pages  # the ORM's way (visible_to) gives the same pages


def test_my_applications_previous_page_leads_back(approvals_world) -> None:
    for _ in range(5):
        make_draft(approvals_world, upload=False)
    user = approvals_world["applicant"]
    account = EnterpriseAccount.objects.get(user=user)
    first = selectors.applications_of(user, account=account, page_size=2)
    second = selectors.applications_of(user, account=account, before=first.older, page_size=2)
    third = selectors.applications_of(user, account=account, before=second.older, page_size=2)
    assert first.newer is None
    assert second.newer
    assert third.older is None
    back = selectors.applications_of(user, account=account, after=third.newer, page_size=2)
    assert back.rows == second.rows
    assert back.older == second.older
    assert selectors.applications_of(user, account=account, after=back.newer, page_size=2).rows == first.rows


def _table(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_my_applications_page_links_the_next_and_previous_pages(client, approvals_world, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "MY_APPLICATIONS_PAGE_SIZE", 2)
    drafts = [make_draft(approvals_world, upload=False) for _ in range(3)]
    client.force_login(approvals_world["applicant"])
    url = reverse("approvals:my_applications")
    first = client.get(url).content.decode()
    older = re.search(r'href="\?before=([^"]+)" data-next-page>下一页<', first).group(1)
    assert "data-previous-page" not in first
    second = client.get(url, {"before": older}).content.decode()
    link = f'href="{reverse("approvals:application", args=[drafts[0].pk])}"'
    assert link in _table(second)
    assert link not in _table(first)  # the table; the panel above lists drafts too
    assert "data-previous-page>上一页<" in second
    assert "data-next-page" not in second


def test_my_applications_malformed_cursor_shows_the_first_page(client, approvals_world) -> None:
    draft = make_draft(approvals_world, upload=False)
    client.force_login(approvals_world["applicant"])
    for cursor in ("x", "12-", "-3", "9" * 40 + "-1", "99999999999999999-1", "1-" + "9" * 30, "١٢-3"):
        html = client.get(reverse("approvals:my_applications"), {"before": cursor}).content.decode()
        assert f'href="{reverse("approvals:application", args=[draft.pk])}"' in html
