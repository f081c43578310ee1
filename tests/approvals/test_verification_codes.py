"""Every printed address is right, and short enough to type (issue 20 §6)."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from approvals.enums import NoticeKind
from approvals.models import Application, IntakeNotice
from approvals.services.applications import NoticeItem
from approvals.services.clocks import track_extend
from approvals.services.intake import application_accept
from approvals.services.parallel import parallel_case_deficiency_notice
from approvals.views import parallel as views_parallel
from approvals.views import technical_review as views_review
from firesvc.documents.codes import CODE_ALPHABET, format_code, new_verification_token, normalize_code
from tests.approvals.conftest import make_submitted
from tests.approvals.factories import parallel_case_filed
from tests.approvals.test_documents import Rendered, _get_pdf, rendered  # noqa: F401  (a fixture)

URL = reverse("approvals:verify")


@pytest.fixture(autouse=True)
def _clean_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def test_a_token_never_starts_or_ends_with_a_hyphen_or_underscore() -> None:
    draws = iter(["-abc", "abc_", "_x-", "a-b_c"])
    with mock.patch("firesvc.documents.codes.secrets.token_urlsafe", side_effect=lambda n: next(draws)):
        assert new_verification_token() == "a-b_c"


def test_tokens_are_drawn_until_both_ends_are_letters_or_digits() -> None:
    tokens = [new_verification_token() for _ in range(300)]
    assert all(t[0].isalnum() and t[-1].isalnum() for t in tokens)


def test_a_typed_code_is_read_without_case_spaces_or_hyphens() -> None:
    assert normalize_code(" 7kq4-mx2p ") == "7KQ4MX2P"
    assert normalize_code("7KQ4 MX2P") == "7KQ4MX2P"


@pytest.mark.parametrize("typed", ["7KQ4-MX2", "7KQ4-MX2PA", "0KQ4-MX2P", "OKQ4-MX2P", "1KQ4-MX2P", "IKQ4-MX2P"])
def test_a_code_of_the_wrong_length_or_with_look_alikes_is_refused(typed: str) -> None:
    assert normalize_code(typed) is None


@pytest.mark.django_db
def test_every_notice_gets_a_code_of_eight_unambiguous_characters(approvals_world) -> None:
    notice = application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))
    assert len(notice.verification_code) == 8
    assert set(notice.verification_code) <= set(CODE_ALPHABET)
    assert not set("0O1I") & set(notice.verification_code)
    assert notice.printed_verification_code == format_code(notice.verification_code)
    assert notice.verification_token[0].isalnum() and notice.verification_token[-1].isalnum()


@pytest.mark.django_db
def test_the_notice_pdf_prints_the_code_and_the_page_to_type_it_at(
        client, approvals_world, rendered, settings) -> None:  # noqa: F811  (the imported fixture)
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    notice = application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))
    assert _get_pdf(client, approvals_world["applicant"], notice).status_code == 200
    html = rendered[0].html
    assert notice.printed_verification_code in html
    assert "https://portal.example.cn/approvals/verify/" in html


@pytest.mark.django_db
def test_a_typed_code_opens_the_notice_verification_page(client, approvals_world) -> None:
    notice = application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))
    typed = notice.printed_verification_code.lower().replace("-", " ")
    response = client.get(URL, {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == notice.get_verification_url()


@pytest.mark.django_db
def test_an_unknown_code_says_so(client) -> None:
    response = client.get(URL, {"code": "ABCD-EFGH"})
    assert response.status_code == 404
    assert "data-code-error" in response.content.decode()


def test_the_verify_page_offers_the_form(client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


@pytest.mark.django_db
def test_look_ups_are_rate_limited_per_address(client, settings) -> None:
    settings.VERIFY_CODE_RATE_LIMIT = (3, 3600)
    codes = [client.get(URL, {"code": "ABCD-EFGH"}).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


# --- the extension notice (延长审批期限告知书) -------------------------------------------------

@pytest.fixture
def extension(approvals_world):  # type: ignore[no-untyped-def]
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    return track_extend(actor=approvals_world["approver"], application=Application.objects.get(pk=application.pk),
                        amount=10, reason="现场检测项目多")


@pytest.fixture
def extension_html(client, approvals_world, extension, monkeypatch, settings) -> str:  # type: ignore[no-untyped-def]
    """The extension notice as the applicant downloads it (the HTML that became the PDF)."""
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    printed: list[Rendered] = []
    real = views_review.render_pdf

    def spy(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        printed.append(Rendered(template_name, context))
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(views_review, "render_pdf", spy)
    client.force_login(approvals_world["applicant"])
    assert client.get(reverse("approvals:clock_notice_pdf", args=[extension.pk])).status_code == 200
    return printed[0].html


@pytest.mark.django_db
def test_the_extension_notice_pdf_prints_its_code_and_the_page_to_type_it_at(extension, extension_html) -> None:
    assert extension.printed_verification_code in extension_html
    assert "https://portal.example.cn/approvals/verify/" in extension_html


@pytest.mark.django_db
def test_the_extension_notice_names_the_project_its_verification_page_shows(extension, extension_html) -> None:
    assert f"项目名称：{extension.application.project_name}）" in extension_html


@pytest.mark.django_db
def test_a_typed_code_opens_the_extension_notice_verification_page(client, extension) -> None:
    response = client.get(URL, {"code": extension.printed_verification_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == extension.get_verification_url()


@pytest.mark.django_db
def test_the_extension_notice_verification_page_confirms_what_it_is(client, extension) -> None:
    with translation.override("zh-hans"):
        page = client.get(extension.get_verification_url()).content.decode()
    assert "data-verified" in page
    facts = ["延长审批期限告知书", extension.number, extension.application.project_name,
             extension.application.enterprise.name, extension.due_date.isoformat()]
    assert [fact for fact in facts if fact not in page] == []
    assert re.search(r"data-extension>\s*10\s*<", page)
    assert "现场检测项目多" not in page  # the reason stays on the paper


@pytest.mark.django_db
def test_a_code_one_character_off_the_extension_notices_is_not_confirmed(client, extension) -> None:
    code = extension.verification_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = client.get(URL, {"code": wrong})
    assert response.status_code == 404
    assert "data-code-error" in response.content.decode()


# --- the merged one-time notice of a parallel case (一次性告知书（并联审批）) ------------------------

def _merged_notice(client: Any, world: dict[str, Any], monkeypatch: Any, *, tracks: tuple[str, ...]) -> Any:
    """A parallel case whose clerk issued the merged notice on ``tracks`` (the other accepted at once), and the
    code its PDF prints."""
    case = parallel_case_filed(world)
    missing = {"acceptance": "completion_report", "pre_opening": "safety_rules"}
    parallel_case_deficiency_notice(actor=world["clerk"], case=case, items={
        getattr(case, track).pk: [NoticeItem(getattr(case, track).required_items.get(
            requirement__code=missing[track]).requirement.pk, "缺少盖章")] for track in tracks})
    printed: list[Rendered] = []
    real = views_parallel.render_pdf

    def spy(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        printed.append(Rendered(template_name, context))
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(views_parallel, "render_pdf", spy)
    client.force_login(world["applicant"])
    assert client.get(reverse("approvals:parallel_notice_pdf", args=[case.pk])).status_code == 200
    client.logout()
    code = re.search(r"data-verification-code>.*?<strong>([^<]+)</strong>", printed[0].html, re.S).group(1)
    return case, code


@pytest.mark.django_db
def test_the_merged_notices_code_confirms_it_with_each_tracks_notice_number(
        client, approvals_world, monkeypatch) -> None:
    case, code = _merged_notice(client, approvals_world, monkeypatch, tracks=("acceptance", "pre_opening"))
    page = client.get(URL, {"code": code}, follow=True).content.decode()
    assert "data-verified" in page
    numbers = IntakeNotice.objects.filter(application__in=case.tracks, kind=NoticeKind.DEFICIENCY).values_list(
        "number", flat=True)
    assert len(numbers) == 2
    assert [number for number in [case.number, *numbers] if number not in page] == []


@pytest.mark.django_db
def test_the_merged_notices_verification_page_names_the_acceptance_issued_with_it(
        client, approvals_world, monkeypatch) -> None:
    case, code = _merged_notice(client, approvals_world, monkeypatch, tracks=("pre_opening",))
    page = client.get(URL, {"code": code}, follow=True).content.decode()
    acceptance = IntakeNotice.objects.get(application=case.acceptance, kind=NoticeKind.ACCEPTANCE)
    assert re.search(rf"data-accepted>[^<]*{re.escape(acceptance.number)}", page)


@pytest.mark.django_db
def test_a_code_one_character_off_the_merged_notices_is_not_confirmed(client, approvals_world, monkeypatch) -> None:
    _case, code = _merged_notice(client, approvals_world, monkeypatch, tracks=("acceptance", "pre_opening"))
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = client.get(URL, {"code": wrong})
    assert response.status_code == 404
    assert "data-code-error" in response.content.decode()
