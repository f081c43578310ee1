"""The worklist's rows and filter selects, as the page shows them."""

from __future__ import annotations

import functools
import html as html_module
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from approvals.models import Application, Matter
from approvals.selectors import intake as selectors
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db


def _row(html: str, pk: int) -> str:
    start = html.index(f'<tr data-application="{pk}">')
    return html[start:html.index("</tr>", start)]


def test_worklist_rows_escape_what_applicants_typed(client, approvals_world) -> None:
    # given a project and an enterprise name with markup in them
    application = make_submitted(approvals_world)
    Application.objects.filter(pk=application.pk).update(project_name='<script>alert("x")</script>三期')
    Application.objects.filter(pk=application.pk).update(applicant_name="A & B <b>公司</b>")
    client.force_login(approvals_world["clerk"])
    # when the clerk opens the worklist
    html = client.get(reverse("approvals:worklist")).content.decode()
    # then the text is shown, never run
    row = _row(html, application.pk)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;三期" in row
    assert "A &amp; B &lt;b&gt;公司&lt;/b&gt;" in row
    assert "<script>alert" not in html and "<b>公司" not in html


def test_worklist_row_shows_the_case_with_its_links_card_and_due_date(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    application.refresh_from_db()
    html = client.get(reverse("approvals:worklist")).content.decode()
    row = _row(html, application.pk)
    detail = reverse("approvals:application", args=[application.pk])
    assert f'<a href="{detail}">{application.number}</a>' in row
    assert f'<a href="{reverse("approvals:intake", args=[application.pk])}">' in row  # submitted: intake link
    assert 'class="badge sla-' in row and application.due_date.isoformat() in row
    assert application.matter.name in row and application.project_name in row


def test_worklist_row_of_an_overdue_green_channel_case(client, approvals_world) -> None:
    # given a green-channel case due long ago
    application = make_submitted(approvals_world)
    past = timezone.now() - timedelta(days=30)
    Application.objects.filter(pk=application.pk).update(
        green_channel=True, due_at=past, yellow_at=past - timedelta(days=2), due_date=timezone.localdate(past))
    client.force_login(approvals_world["clerk"])
    html = client.get(reverse("approvals:worklist")).content.decode()
    row = _row(html, application.pk)
    assert 'class="badge sla-red"' in row and '<td class="text-danger">' in row
    assert 'class="badge bg-success"' in row


def test_worklist_row_changes_as_soon_as_the_case_does(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    assert "二期改造" not in client.get(reverse("approvals:worklist")).content.decode()
    Application.objects.filter(pk=application.pk).update(project_name="二期改造")
    assert "二期改造" in _row(client.get(reverse("approvals:worklist")).content.decode(), application.pk)


def test_worklist_rows_are_kept_in_the_shared_cache_under_what_they_show(client, approvals_world) -> None:
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    client.get(reverse("approvals:worklist"))
    rows = selectors.worklist(approvals_world["clerk"]).rows
    assert cache.get(make_template_fragment_key("worklist_rows", [settings.LANGUAGE_CODE, rows])) is not None


def test_worklist_rows_follow_the_language(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    chinese = _row(client.get(reverse("approvals:worklist")).content.decode(), application.pk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _row(client.get(reverse("approvals:worklist")).content.decode(), application.pk)
    assert "已提交" in chinese
    assert "Submitted" in english


def test_worklist_filter_selects_keep_the_chosen_value(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    html = client.get(reverse("approvals:worklist"), {"status": "accepted", "card": "red"}).content.decode()
    assert '<option value="accepted" selected>' in html and '<option value="red" selected>' in html
    assert '<option value="submitted">' in html and '<option value="" selected>' in html  # unit and matter: all


def _next_link(html: str) -> str:
    return html_module.unescape(re.search(r'href="\?([^"]*after=[^"]*)"', html).group(1))


@pytest.fixture
def one_row_pages(monkeypatch):  # type: ignore[no-untyped-def]
    """The worklist page shows one row, so that two cases make two pages."""
    monkeypatch.setattr(selectors, "worklist", functools.partial(selectors.worklist, page_size=1))


def test_the_next_page_link_leads_to_the_following_case(client, approvals_world, one_row_pages) -> None:
    first, second = make_submitted(approvals_world), make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    page_one = client.get(reverse("approvals:worklist")).content.decode()
    query = _next_link(page_one)
    assert query.startswith("after=") and "&" not in query
    page_two = client.get(f'{reverse("approvals:worklist")}?{query}').content.decode()
    assert f'<tr data-application="{first.pk}">' in page_one
    assert f'<tr data-application="{second.pk}">' in page_two and f'data-application="{first.pk}"' not in page_two


def test_the_next_page_link_keeps_the_filters(client, approvals_world, one_row_pages) -> None:
    for _ in range(2):
        make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    page_one = client.get(reverse("approvals:worklist"), {"matter": "acceptance", "status": "submitted"})
    query = _next_link(page_one.content.decode())
    assert "matter=acceptance" in query and "status=submitted" in query and query.count("after=") == 1


def test_the_blank_filter_bar_lists_a_matter_opened_since_it_was_first_shown(client, approvals_world) -> None:
    # given a clerk who has seen the worklist (its matter choices are kept in the cache)
    client.force_login(approvals_world["clerk"])
    client.get(reverse("approvals:worklist"))
    # when a new matter opens
    Matter.objects.create(code="new-matter", name="新开事项", legal_basis="", is_active=True)
    # then the bar offers it
    assert '<option value="new-matter">新开事项</option>' in client.get(reverse("approvals:worklist")).content.decode()


def test_the_blank_filter_bar_shows_a_matter_renamed_since_it_was_first_shown(client, approvals_world) -> None:
    # given a clerk who has seen the worklist (its blank bar is kept in the shared cache)
    client.force_login(approvals_world["clerk"])
    client.get(reverse("approvals:worklist"))
    # when a matter is renamed
    matter = Matter.objects.get(code="acceptance")
    matter.name = "建设工程消防验收（改名）"
    matter.save()
    # then the bar offers the new name
    assert '<option value="acceptance">建设工程消防验收（改名）</option>' in client.get(
        reverse("approvals:worklist")).content.decode()


def test_the_blank_filter_bar_follows_the_language(client, approvals_world) -> None:
    client.force_login(approvals_world["clerk"])
    chinese = client.get(reverse("approvals:worklist")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("approvals:worklist")).content.decode()
    assert ">全部</option>" in chinese and ">All</option>" in english


def test_an_invalid_filter_is_shown_with_its_error_and_the_whole_list(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    html = client.get(reverse("approvals:worklist"), {"card": "purple"}).content.decode()
    assert "form-select is-invalid" in html and "invalid-feedback" in html
    assert f'<tr data-application="{application.pk}">' in html


def test_worklist_row_shows_a_matter_renamed_since_the_names_were_kept(client, approvals_world) -> None:
    # given the worklist shown once (the process keeps the matters' names)
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    client.get(reverse("approvals:worklist"))
    # when the matter is renamed in the admin
    matter = application.matter
    matter.name = "建设工程消防验收（改名）"
    matter.save()
    # then the next worklist shows the new name
    row = _row(client.get(reverse("approvals:worklist")).content.decode(), application.pk)
    assert "建设工程消防验收（改名）" in row


def test_worklist_row_of_a_matter_added_after_the_names_were_kept(client, approvals_world) -> None:
    # given the names kept before a matter existed, and a case of that matter written without a save signal
    client.force_login(approvals_world["clerk"])
    client.get(reverse("approvals:worklist"))
    application = make_submitted(approvals_world)
    old = application.matter
    Matter.objects.bulk_create([Matter(code="new-1", name="新增事项", rule_code=old.rule_code)])
    Application.objects.filter(pk=application.pk).update(matter=Matter.objects.get(code="new-1"))
    # then the worklist names it (a missing id reloads the names)
    row = _row(client.get(reverse("approvals:worklist")).content.decode(), application.pk)
    assert "新增事项" in row


@pytest.fixture
def shown(client, approvals_world, monkeypatch):  # type: ignore[no-untyped-def]
    """The worklist page as the clerk sees it with these rows."""
    client.force_login(approvals_world["clerk"])

    def show(rows: list[selectors.WorklistRow]) -> str:
        monkeypatch.setattr(selectors, "worklist", lambda *args, **kwargs: selectors.WorklistPage(rows, None))
        return client.get(reverse("approvals:worklist")).content.decode()

    return show


def test_rows_sharing_a_due_date_each_show_their_own_case(shown) -> None:
    due, later = date(2026, 12, 1), date(2026, 12, 9)
    html = shown([
        selectors.WorklistRow(1, "XF-1", "accepted", False, "一期", due, "消防验收", "甲公司", "yellow", 2),
        selectors.WorklistRow(2, "XF-2", "accepted", False, "二期", due, "消防设计审查", "乙公司", "yellow", 2),
        selectors.WorklistRow(3, "XF-3", "submitted", True, "三期", later, "消防验收", "丙公司", "red", -3),
    ])

    first, second, third = _row(html, 1), _row(html, 2), _row(html, 3)
    assert "XF-1" in first and "甲公司" in first and "一期" in first and "2026-12-01" in first
    assert "XF-2" in second and "乙公司" in second and "消防设计审查" in second and "2026-12-01" in second
    assert '<td class="text-danger">' in third and "丙公司" in third and "2026-12-09" in third
    assert '<td class="text-danger">' not in first + second


def test_a_row_shows_its_days_left_or_overdue_in_words(shown) -> None:
    due = date(2026, 12, 1)
    html = shown([
        selectors.WorklistRow(1, "XF-1", "accepted", False, "一期", due, "消防验收", "甲公司", "green", 5),
        selectors.WorklistRow(2, "XF-2", "accepted", False, "二期", due, "消防验收", "乙公司", "red", -3),
    ])

    assert "<td>剩余 5 个工作日</td>" in _row(html, 1)
    assert '<td class="text-danger">超期 3 个工作日</td>' in _row(html, 2)


def test_words_with_markup_are_escaped_row_by_row(shown) -> None:
    due = date(2026, 12, 1)
    html = shown([
        selectors.WorklistRow(1, "XF-1", "accepted", False, "a\0<b>", due, "消防验收", "甲公司", "green", 5),
        selectors.WorklistRow(2, "XF-2", "accepted", False, "二期", due, "消防验收", "乙&公司", "green", 5),
    ])

    assert "a\0&lt;b&gt;" in _row(html, 1) and "<b>" not in html
    assert "XF-2" in _row(html, 2) and "乙&amp;公司" in _row(html, 2)
