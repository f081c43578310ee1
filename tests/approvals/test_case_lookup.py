"""The public case lookup (办件查询, issue 22 §1): number and query code (or phone digits), no account."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from approvals.models import Application
from approvals.services.intake import application_accept
from firesvc.documents.codes import normalize_code
from tests.approvals.conftest import make_submitted

pytestmark = pytest.mark.django_db
URL = "/approvals/lookup/"


def _accepted(world) -> Application:  # type: ignore[no-untyped-def]
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    application.refresh_from_db()
    return application


def _error(page: str) -> str:
    match = re.search(r"data-lookup-error>([^<]+)<", page)
    return match.group(1) if match else ""


def test_case_lookup_url_is_the_named_one() -> None:
    assert reverse("approvals:case_lookup") == URL


def test_application_gets_its_own_query_code_when_created(approvals_world) -> None:
    first, second = make_submitted(approvals_world), make_submitted(approvals_world)
    assert normalize_code(first.query_code) == first.query_code
    assert first.query_code != second.query_code


def test_case_lookup_with_the_query_code_shows_status_clock_and_next_step(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    response = client.post(URL, {"number": application.number.lower(), "secret": application.printed_query_code})
    page = response.content.decode()
    assert response.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):  # the page's language
        status, next_step = application.get_status_display(), gettext(
            "Accepted and under review; the decision is made by the due date.")
    assert re.search(rf"data-case-status>{status}<", page)
    assert re.search(rf"data-case-clock>{application.due_date:%Y-%m-%d} ·", page)
    assert re.search(rf"data-case-next>{next_step}<", page)


def test_case_lookup_with_the_last_four_phone_digits(client, approvals_world) -> None:
    application = _accepted(approvals_world)  # contact phone 13912345678
    response = client.post(URL, {"number": application.number, "secret": "5678"})
    assert response.status_code == 200 and "data-case-result" in response.content.decode()


def test_case_lookup_answers_a_wrong_code_and_a_wrong_number_alike(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    wrong_code = client.post(URL, {"number": application.number, "secret": "2345-6789"})
    wrong_number = client.post(URL, {"number": "SY-XX-2026-999999", "secret": application.query_code})
    wrong_phone = client.post(URL, {"number": application.number, "secret": "0000"})
    assert wrong_code.status_code == wrong_number.status_code == wrong_phone.status_code == 404
    assert _error(wrong_code.content.decode()) == _error(wrong_number.content.decode()) \
        == _error(wrong_phone.content.decode()) != ""
    assert "data-case-result" not in wrong_code.content.decode()


def test_case_lookup_does_not_find_a_draft_by_its_phone(client, approvals_world) -> None:
    from tests.approvals.conftest import make_draft

    draft = make_draft(approvals_world)
    Application.objects.filter(pk=draft.pk).update(number="SY-TX-2026-000099")
    assert client.post(URL, {"number": "SY-TX-2026-000099", "secret": "5678"}).status_code == 404


def test_case_lookup_asks_for_both_fields(client, approvals_world) -> None:
    response = client.post(URL, {"number": "", "secret": ""})
    assert response.status_code == 400 and response.content.decode().count('aria-invalid="true"') == 2


@override_settings(CASE_LOOKUP_RATE_LIMIT=(2, 3600))
def test_case_lookup_is_rate_limited_per_address(client, approvals_world) -> None:
    application = _accepted(approvals_world)
    for _ in range(2):
        client.post(URL, {"number": application.number, "secret": "0000"})
    # the third attempt from the same address is refused, even with the right code
    response = client.post(URL, {"number": application.number, "secret": application.query_code})
    assert response.status_code == 429 and "data-refused" in response.content.decode()
    assert "data-case-result" not in response.content.decode()


def test_enterprise_sees_the_query_code_on_its_case(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert f"data-query-code>{application.printed_query_code}<" in page


def test_acceptance_notice_prints_the_query_code(client, approvals_world) -> None:
    from django.template.loader import render_to_string

    application = _accepted(approvals_world)
    html = render_to_string("documents/notice_acceptance.html", {
        "application": application, "notice": application.notices.get(), "lookup_url": "https://x/approvals/lookup/"})
    assert f"data-query-code>{application.printed_query_code}<" in html and "https://x/approvals/lookup/" in html


def test_landing_page_links_the_case_lookup(client) -> None:
    assert f'href="{URL}"' in client.get("/").content.decode()
