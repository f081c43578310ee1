"""The application page's lists that grow with a case's history: the timeline shows its newest changes and
links to the whole timeline (its own paged page), and only the newest version of each material is read."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from approvals.models import Application, ApplicationMaterial
from approvals.services.applications import INTAKE_RULE, current_materials, material_upload
from approvals.services.clocks import track_extend
from approvals.services.intake import application_accept
from approvals.views.filing import CASE_TIMELINE_SHOWN, TIMELINE_PAGE_SIZE
from firesvc.audit.selectors import timeline_for
from firesvc.sla.services import active_rule
from tests.approvals.conftest import PDF, make_draft, make_submitted

pytestmark = pytest.mark.django_db

EVENT = re.compile(r"<li><span class=\"text-muted\">")


def _reupload(world: dict[str, Any], draft: Application, times: int) -> None:
    """Upload the draft's first material ``times`` more times: each upload is a new version and an event."""
    requirement = draft.required_items.select_related("requirement").order_by("requirement__order")[0].requirement
    for n in range(times):
        material_upload(actor=world["applicant"], application=draft, requirement=requirement, data=PDF,
                        filename=f"v{n}.pdf")


def _window_draft(world: dict[str, Any], *, upload: bool = True) -> Application:
    """A draft the clerk files at the window (窗口代办): the clerks see it (an enterprise's own draft they do not)."""
    return make_draft({"applicant": world["clerk"], "enterprise": world["enterprise"]}, upload=upload)


def _case_page(client: Any, user: Any, application: Application) -> str:
    client.force_login(user)
    response = client.get(reverse("approvals:application", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_shows_the_newest_changes_of_a_long_history(client, approvals_world) -> None:
    draft = _window_draft(approvals_world)
    _reupload(approvals_world, draft, CASE_TIMELINE_SHOWN + 5)
    newest = timeline_for(draft).order_by("-seq")[0]
    html = _case_page(client, approvals_world["clerk"], draft)
    assert len(EVENT.findall(html)) == CASE_TIMELINE_SHOWN
    assert newest.created_at.astimezone().strftime("%Y-%m-%d") in html


def test_the_case_page_links_to_the_whole_timeline_when_changes_are_left_out(client, approvals_world) -> None:
    draft = _window_draft(approvals_world)
    _reupload(approvals_world, draft, CASE_TIMELINE_SHOWN + 1)
    html = _case_page(client, approvals_world["clerk"], draft)
    assert f'href="{reverse("approvals:timeline", args=[draft.pk])}" data-timeline-all' in html


def test_the_case_page_has_no_timeline_link_when_every_change_is_shown(client, approvals_world) -> None:
    draft = _window_draft(approvals_world, upload=False)
    _reupload(approvals_world, draft, 2)
    html = _case_page(client, approvals_world["clerk"], draft)
    assert "data-timeline-all" not in html
    assert len(EVENT.findall(html)) == timeline_for(draft).count()


def test_the_case_page_reads_as_many_rows_with_5_or_50_changes(client, approvals_world) -> None:
    draft = _window_draft(approvals_world, upload=False)
    _reupload(approvals_world, draft, 5)
    client.force_login(approvals_world["clerk"])
    url = reverse("approvals:application", args=[draft.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        few_html = client.get(url).content.decode()
    _reupload(approvals_world, draft, 45)
    with CaptureQueriesContext(connection) as many:
        many_html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert len(EVENT.findall(many_html)) <= CASE_TIMELINE_SHOWN
    assert len(EVENT.findall(few_html)) == 6  # the draft's creation and five uploads


def test_the_whole_timeline_pages_through_every_change_oldest_first(client, approvals_world) -> None:
    draft = _window_draft(approvals_world, upload=False)
    _reupload(approvals_world, draft, TIMELINE_PAGE_SIZE + 3)
    client.force_login(approvals_world["clerk"])
    first = client.get(reverse("approvals:timeline", args=[draft.pk])).content.decode()
    after = re.search(r'href="\?after=(\d+)" data-next-page', first)
    assert after is not None
    second = client.get(reverse("approvals:timeline", args=[draft.pk]), {"after": after.group(1)}).content.decode()
    assert len(EVENT.findall(first)) == TIMELINE_PAGE_SIZE
    assert len(EVENT.findall(second)) == timeline_for(draft).count() - TIMELINE_PAGE_SIZE
    assert "data-next-page" not in second


def test_the_whole_timeline_answers_a_malformed_cursor_with_the_first_page(client, approvals_world) -> None:
    draft = _window_draft(approvals_world, upload=False)
    client.force_login(approvals_world["clerk"])
    response = client.get(reverse("approvals:timeline", args=[draft.pk]), {"after": "9" * 40})
    assert response.status_code == 200
    assert len(EVENT.findall(response.content.decode())) == timeline_for(draft).count()


def test_the_whole_timeline_shows_the_applicant_only_the_steps_of_the_case(client, approvals_world) -> None:
    # The applicant reads the case history (tests/approvals/test_case_history.py), not the staff's timeline.
    draft = make_draft(approvals_world, upload=False)
    _reupload(approvals_world, draft, 2)
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("approvals:timeline", args=[draft.pk]))
    assert response.status_code == 200
    assert not EVENT.findall(response.content.decode())


def test_current_materials_reads_only_the_newest_version_of_each(approvals_world) -> None:
    draft = make_draft(approvals_world)
    _reupload(approvals_world, draft, 5)
    loaded: list[ApplicationMaterial] = []

    def count(sender: Any, instance: Any, **kwargs: Any) -> None:
        loaded.append(instance)

    post_init.connect(count, sender=ApplicationMaterial)
    try:
        current = current_materials(draft)
    finally:
        post_init.disconnect(count, sender=ApplicationMaterial)
    newest = {m.requirement_id: m.version for m in draft.materials.order_by("requirement_id", "version")}
    assert {pk: m.version for pk, m in current.items()} == newest
    assert len(loaded) == len(newest)


def _case_page_queries(client: Any, user: Any, application: Application) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("approvals:application", args=[application.pk])).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _accepted(world: dict[str, Any]) -> Application:
    from approvals.services.intake import application_accept

    case = make_submitted(world)
    application_accept(actor=world["clerk"], application=case)
    return case


@pytest.mark.parametrize("who", ["applicant", "clerk"])
def test_the_case_page_reads_the_case_row_once(client, approvals_world, who) -> None:
    # Fields the page prints but the case query left out were each read back in a query of their own.
    case = _accepted(approvals_world)
    sql = _case_page_queries(client, approvals_world[who], case)
    case_reads = [q for q in sql if q.lstrip().startswith("SELECT") and 'FROM "approvals_application"' in q]
    assert len(case_reads) == 1, case_reads


def test_the_applicant_case_page_loads_no_account_besides_the_signed_in_one(client, approvals_world) -> None:
    # Whether the viewer may rate the case online compares account ids; it does not load the applicant.
    case = _accepted(approvals_world)
    sql = _case_page_queries(client, approvals_world["applicant"], case)
    account_reads = [q for q in sql if 'FROM "accounts_user"' in q and "auth_group" not in q]
    assert len(account_reads) == 1, account_reads


def _started_limits(response: Any) -> list[str]:
    """The time limits the timeline of ``response`` names on its "time limit started" entries, oldest first."""
    with translation.override(response["Content-Language"]):
        started = gettext("Time limit started")
    return re.findall(rf"<strong>{started}</strong> · <span data-time-limit>(.*?)</span>", response.content.decode())


def test_the_whole_timeline_names_the_time_limit_each_clock_started(client, approvals_world) -> None:
    # the decision clock is the case's 审批期限, as the case page's card and the time-limit notices call it
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    client.force_login(approvals_world["clerk"])
    response = client.get(reverse("approvals:timeline", args=[application.pk]))
    with translation.override(response["Content-Language"]):
        approval = gettext("Approval time limit")
    assert _started_limits(response) == [active_rule(INTAKE_RULE).name, approval]


def test_the_case_pages_timeline_names_the_time_limit_a_clock_started(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["clerk"])
    response = client.get(reverse("approvals:application", args=[application.pk]))
    assert _started_limits(response) == [active_rule(INTAKE_RULE).name]


def _entry(html: str, action: str) -> str:
    """The newest timeline entry (``<li>…</li>``) whose action reads ``action``."""
    return [li for li in html.split("<li>") if f"<strong>{action}</strong>" in li][-1]


def test_the_staff_timeline_shows_the_system_starting_a_clock_not_the_applicant(client, approvals_world,
                                                                               english) -> None:
    # given: the applicant's submission started the window's clock (its audit record's actor is the applicant)
    application = make_submitted(approvals_world)
    # when
    entry = _entry(_case_page(client, approvals_world["clerk"], application), "Time limit started")
    # then
    assert '<span data-actor>The system</span>' in entry
    assert approvals_world["applicant"].display_name not in entry


def _filing_accepted(world: dict[str, Any], settings: Any, *, drawn: bool) -> Application:
    settings.FILING_SPOT_CHECK_RATIO = 1.0 if drawn else 0.0
    application = make_submitted(world, "completion_filing")
    application_accept(actor=world["clerk"], application=application)
    return application


def test_the_staff_timeline_shows_the_system_drawing_a_filing_for_spot_check_not_the_clerk(
        client, approvals_world, settings, english) -> None:
    # given: the clerk's acceptance set off the draw (its audit record keeps the clerk as the one whose act it was)
    application = _filing_accepted(approvals_world, settings, drawn=True)
    draw = timeline_for(application).get(action="filing.spot_check_select")
    assert draw.actor == approvals_world["clerk"]
    # when
    entry = _entry(_case_page(client, approvals_world["clerk"], application),
                   "Completion filing drawn (or not) for spot check")
    # then: the draw is random, the system's
    assert '<span data-actor>The system</span>' in entry
    assert approvals_world["clerk"].display_name not in entry


def test_the_staff_timeline_shows_the_system_completing_a_filing_not_drawn(client, approvals_world, settings,
                                                                          english) -> None:
    application = _filing_accepted(approvals_world, settings, drawn=False)
    entry = _entry(_case_page(client, approvals_world["clerk"], application), "Completion filing recorded")
    assert '<span data-actor>The system</span>' in entry
    assert approvals_world["clerk"].display_name not in entry


def test_the_staff_timeline_gives_the_due_date_of_a_started_time_limit(client, approvals_world, english) -> None:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    application.refresh_from_db()
    entry = _entry(_case_page(client, approvals_world["clerk"], application), "Time limit started")
    assert f"<span data-due>due by {application.due_date.isoformat()}</span>" in entry


def test_the_staff_timeline_words_an_extension_as_one_of_the_approval_time_limit(client, approvals_world,
                                                                                english) -> None:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    track_extend(actor=approvals_world["approver"], application=application, amount=2, reason="现场检测项目多")
    entry = _entry(_case_page(client, approvals_world["clerk"], application), "Time limit extended on approval")
    assert "<span data-time-limit>Approval time limit</span>" in entry
    assert approvals_world["approver"].display_name in entry  # the approver's decision, not the system's
