"""The documents kernel (C7) and the intake notices as PDFs with their public verification (A4)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from approvals.enums import NoticeKind
from approvals.models import Application, IntakeNotice
from approvals.services.applications import NoticeItem
from approvals.services.intake import application_accept, application_issue_deficiency_notice, application_refuse
from approvals.views import public as views_public
from enterprises.enums import AccountStatus
from firesvc import documents
from firesvc.documents import pdf as pdf_module
from firesvc.sla.models import RuleSet
from firesvc.sla.services import ruleset_activate
from tests.approvals.conftest import make_submitted
from tests.factories import enterprise_user

pytestmark = pytest.mark.django_db

NO_POPPLER = "poppler-utils (pdftotext/pdfinfo) is not installed: the PDF's own text is not extracted " \
             "(the HTML WeasyPrint received was checked instead)"


def _squash(text: str) -> str:
    """Text without whitespace: a PDF wraps lines anywhere in Chinese text."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF by pdftotext; skips the rest of the test when poppler is missing."""
    if shutil.which("pdftotext") is None:
        pytest.skip(NO_POPPLER)
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return _squash(out.stdout.decode())


@dataclass
class Rendered:
    template_name: str
    context: dict[str, Any]

    @property
    def html(self) -> str:
        return _squash(documents.render_document_html(self.template_name, self.context))


@pytest.fixture
def rendered(monkeypatch) -> list[Rendered]:  # type: ignore[no-untyped-def]
    """Every document the public views print, with the context they passed (the PDF is still made)."""
    calls: list[Rendered] = []
    real = views_public.render_pdf

    def spy(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        calls.append(Rendered(template_name, context))
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(views_public, "render_pdf", spy)
    return calls


@pytest.fixture
def accepted(approvals_world) -> tuple[Application, IntakeNotice]:  # type: ignore[no-untyped-def]
    application = make_submitted(approvals_world)
    notice = application_accept(actor=approvals_world["clerk"], application=application)
    application.refresh_from_db()
    return application, notice


@pytest.fixture
def deficient(approvals_world) -> tuple[Application, IntakeNotice]:  # type: ignore[no-untyped-def]
    application = make_submitted(approvals_world)
    items = {ri.requirement.code: ri.requirement for ri in application.required_items.select_related("requirement")}
    notice = application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application, items=[
        NoticeItem(items["completion_report"].pk, "缺少建设单位盖章", "加盖建设单位公章后重新上传扫描件"),
        NoticeItem(items["system_test_report"].pk, "检测报告已过有效期", "提供三个月内出具的检测报告"),
    ])
    application.refresh_from_db()
    return application, notice


def _get_pdf(client: Any, user: Any, notice: IntakeNotice) -> Any:
    client.force_login(user)
    return client.get(reverse("approvals:notice_pdf", args=[notice.pk]))


# --- the kernel ----------------------------------------------------------------------------

def test_absolute_url_puts_the_path_on_the_portal_base_url(settings) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.cn/"
    assert documents.absolute_url("/approvals/verify/abc/") == "https://portal.example.cn/approvals/verify/abc/"


def test_absolute_url_leaves_an_absolute_url_alone(settings) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    assert documents.absolute_url("https://other.example.cn/x/") == "https://other.example.cn/x/"


def test_qr_svg_is_deterministic_for_its_data() -> None:
    first = documents.qr_svg("https://portal.example.cn/approvals/verify/abc/")
    assert first.startswith("<svg")
    assert "<path" in first
    assert documents.qr_svg("https://portal.example.cn/approvals/verify/abc/") == first
    assert documents.qr_svg("https://portal.example.cn/approvals/verify/abd/") != first


def test_qr_svg_data_uri_carries_the_same_svg() -> None:
    uri = documents.qr_svg_data_uri("https://portal.example.cn/x/")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == str(documents.qr_svg("https://portal.example.cn/x/"))


def test_qr_png_data_uri_is_a_square_png() -> None:
    uri = documents.qr_png_data_uri("https://portal.example.cn/x/")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert uri.startswith("data:image/png;base64,")
    assert image.format == "PNG"
    assert image.width == image.height > 100


def test_html_to_pdf_makes_an_a4_page_with_an_embedded_cjk_font() -> None:
    pdf = documents.html_to_pdf("<h1>受理通知书</h1><p>沈阳市消防救援支队</p>")
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo") is None or shutil.which("pdffonts") is None:
        pytest.skip(NO_POPPLER)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info
    assert "Noto-Sans-CJK-SC" in fonts
    assert "Noto-Serif-CJK-SC" in fonts
    assert pdf_text(pdf) == "受理通知书沈阳市消防救援支队第1页共1页"


def test_documents_may_not_fetch_from_the_network_or_read_other_files() -> None:
    fetcher = pdf_module.local_only_fetcher(None)
    with pytest.raises(ValueError, match="may not"):
        fetcher("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError, match="may not"):
        fetcher("file:///etc/passwd")
    assert fetcher("data:text/plain;base64,b2s=").read() == b"ok"


def test_render_pdf_keeps_a_public_document_in_the_cache_by_its_content(monkeypatch) -> None:
    cache.clear()
    made: list[str] = []
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html, base_url=None: made.append(html) or b"%PDF-x")
    context = {"letterhead": ["缓存测试支队"]}
    first = documents.render_pdf("documents/base.html", context, cache_seconds=60)
    second = documents.render_pdf("documents/base.html", context, cache_seconds=60)
    documents.render_pdf("documents/base.html", {"letterhead": ["另一支队"]}, cache_seconds=60)
    assert first == second == b"%PDF-x"
    assert len(made) == 2  # the same content once, the changed content again


def test_safe_filename_keeps_chinese_and_drops_path_and_reserved_characters() -> None:
    assert documents.safe_filename("../受理通知书/A:B〔2025〕1号.pdf") == "_受理通知书_A_B〔2025〕1号.pdf"
    assert documents.safe_filename("...") == "document"


def test_attachment_response_names_the_file_in_utf8_and_forbids_sniffing() -> None:
    response = documents.pdf_response(b"%PDF-1.7", "受理通知书.pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('受理通知书.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


# --- the notice PDFs -----------------------------------------------------------------------

def test_the_acceptance_notice_pdf_is_a_download_for_the_applicant(client, approvals_world, accepted) -> None:
    _application, notice = accepted
    response = _get_pdf(client, approvals_world["applicant"], notice)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF")


def test_the_acceptance_notice_names_issuer_enterprise_project_numbers_and_due_date(
        client, approvals_world, accepted, rendered) -> None:
    application, notice = accepted
    pdf = _get_pdf(client, approvals_world["applicant"], notice).content
    due = f"{notice.due_date.year}年{notice.due_date.month}月{notice.due_date.day}日"
    facts = [
        "受理通知书", notice.number, application.number, "a支队", "a大队", application.enterprise.name,
        "铁西万达广场三期", "建设工程消防验收", due, "第三十二条第一款第（五）项",
    ]
    assert notice.due_date is not None
    assert [fact for fact in facts if fact not in rendered[0].html] == []
    text = pdf_text(pdf)
    assert [fact for fact in facts if fact not in text] == []


def _filing_notice(world: dict[str, Any], settings: Any, *, drawn: bool = False) -> IntakeNotice:
    settings.FILING_SPOT_CHECK_RATIO = 1.0 if drawn else 0.0
    application = make_submitted(world, "completion_filing")
    return application_accept(actor=world["clerk"], application=application)


def _filing_html(client: Any, world: dict[str, Any], notice: IntakeNotice, rendered: list[Rendered]) -> str:
    _get_pdf(client, world["applicant"], notice)
    return rendered[-1].html


def test_a_completion_filings_acceptance_notice_cites_the_law_on_filing(client, approvals_world, settings,
                                                                         rendered) -> None:
    # a filing (备案) is no permit: its acceptance rests on the fire law's filing article, not 行政许可法 §32
    html = _filing_html(client, approvals_world, _filing_notice(approvals_world, settings), rendered)
    assert ("根据《中华人民共和国消防法》第十三条和《建设工程消防监督管理规定》(公安部令第119号)第二十四条的规定，"
            "予以备案受理。") in html
    assert "行政许可法" not in html


def test_a_completion_filings_acceptance_notice_files_the_materials_and_decides_nothing(
        client, approvals_world, settings, rendered) -> None:
    html = _filing_html(client, approvals_world, _filing_notice(approvals_world, settings), rendered)
    assert "报送的建设工程竣工验收消防备案材料（项目名称：铁西万达广场三期）齐全，符合法定形式。" in html
    for licensing in ("决定予以受理", "申请材料齐全", "提交的建设工程竣工验收消防备案申请"):
        assert licensing not in html, licensing


def test_a_filing_not_drawn_for_a_spot_check_is_told_its_filing_is_complete(client, approvals_world, settings,
                                                                            rendered) -> None:
    html = _filing_html(client, approvals_world, _filing_notice(approvals_world, settings), rendered)
    assert "经随机抽取，该工程未被确定为检查对象，备案完成。" in html


def test_a_filing_drawn_for_a_spot_check_is_told_by_when_it_is_checked(client, approvals_world, settings,
                                                                       rendered) -> None:
    notice = _filing_notice(approvals_world, settings, drawn=True)
    due = Application.objects.get(pk=notice.application_id).due_date
    html = _filing_html(client, approvals_world, notice, rendered)
    assert (f"经随机抽取，该工程被确定为检查对象，我大队将在抽查期限（至{due.year}年{due.month}月{due.day}日，含当日）"
            "内组织现场检查。") in html
    assert "备案完成" not in html


def test_a_filing_notice_issued_before_its_draw_says_the_draw_is_still_to_come(client, approvals_world, settings,
                                                                               rendered) -> None:
    # given a notice of a filing accepted before the draw was made on acceptance (kept as it was issued)
    notice = _filing_notice(approvals_world, settings)
    IntakeNotice.objects.filter(pk=notice.pk).update(spot_check_selected=None)
    # then it promises the draw's result, and tells of no draw
    html = _filing_html(client, approvals_world, notice, rendered)
    assert "该工程是否被确定为检查对象，由我大队随机抽取确定，抽取结果另行告知。" in html
    assert "经随机抽取" not in html


def test_a_filing_notice_keeps_the_regulation_it_cited_when_the_rules_change(client, approvals_world, settings,
                                                                              rendered) -> None:
    # given a notice issued under the report-era rules
    notice = _filing_notice(approvals_world, settings)
    # when the current rules are put in force, and the notice is downloaded again
    ruleset_activate(ruleset=RuleSet.objects.get(code="current"), actor=None)
    html = _filing_html(client, approvals_world, notice, rendered)
    # then it reads as it was issued
    assert "《建设工程消防监督管理规定》(公安部令第119号)第二十四条" in html
    assert "住建部令第51号" not in html


def test_a_completion_filings_acceptance_notice_has_no_decision_deadline(client, approvals_world, settings,
                                                                        rendered) -> None:
    notice = _filing_notice(approvals_world, settings)
    _get_pdf(client, approvals_world["applicant"], notice)
    html = rendered[0].html
    assert "受理日期" in html
    assert "作出决定期限" not in html


def test_the_one_time_notice_lists_every_material_with_its_problem_and_fix(
        client, approvals_world, deficient, rendered) -> None:
    _application, notice = deficient
    pdf = _get_pdf(client, approvals_world["applicant"], notice).content
    facts = [
        "一次性告知书", notice.number, "工程竣工验收报告", "缺少建设单位盖章", "加盖建设单位公章后重新上传扫描件",
        "消防设施、电气防火技术检测合格证明文件", "检测报告已过有效期", "提供三个月内出具的检测报告",
        "《中华人民共和国行政许可法》第三十二条", "网上提交", "窗口提交",
    ]
    assert [fact for fact in facts if fact not in rendered[0].html] == []
    text = pdf_text(pdf)
    assert [fact for fact in facts if fact not in text] == []


def test_the_non_acceptance_notice_gives_the_reasons_and_the_remedies(client, approvals_world, rendered) -> None:
    application = make_submitted(approvals_world)
    notice = application_refuse(actor=approvals_world["clerk"], application=application,
                                reasons="该项目依法不属于本大队管辖范围，请向项目所在地消防救援大队申请。")
    pdf = _get_pdf(client, approvals_world["applicant"], notice).content
    facts = ["不予受理通知书", notice.number, "该项目依法不属于本大队管辖范围", "六十日内", "申请行政复议",
             "六个月内", "提起行政诉讼"]
    assert [fact for fact in facts if fact not in rendered[0].html] == []
    text = pdf_text(pdf)
    assert [fact for fact in facts if fact not in text] == []


def test_the_qr_code_encodes_the_absolute_verification_url(client, settings, approvals_world, accepted,
                                                           monkeypatch) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    _application, notice = accepted
    encoded: list[str] = []
    from firesvc.documents import verification

    real = verification.qr_svg_data_uri
    monkeypatch.setattr(verification, "qr_svg_data_uri", lambda data: encoded.append(data) or real(data))
    pdf = _get_pdf(client, approvals_world["applicant"], notice).content
    expected = f"https://portal.example.cn/approvals/verify/{notice.verification_token}/"
    assert encoded == [expected] == ["https://portal.example.cn" + notice.get_verification_url()]
    assert expected in pdf_text(pdf)  # printed under the code too, for typing in


def test_the_brigade_clerk_may_download_the_notice(client, approvals_world, accepted) -> None:
    _application, notice = accepted
    assert _get_pdf(client, approvals_world["clerk"], notice).content.startswith(b"%PDF")


def test_another_enterprise_user_gets_not_found(client, approvals_world, accepted) -> None:
    _application, notice = accepted
    assert _get_pdf(client, approvals_world["other_applicant"], notice).status_code == 404


def test_a_clerk_of_another_detachment_gets_not_found(client, approvals_world, accepted) -> None:
    _application, notice = accepted
    assert _get_pdf(client, approvals_world["clerk_other"], notice).status_code == 404


def test_an_unverified_account_of_the_same_enterprise_gets_not_found(client, approvals_world, accepted) -> None:
    _application, notice = accepted
    claimant = enterprise_user(approvals_world["enterprise"], status=AccountStatus.PENDING)
    assert _get_pdf(client, claimant, notice).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, accepted) -> None:
    _application, notice = accepted
    url = reverse("approvals:notice_pdf", args=[notice.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# --- verification --------------------------------------------------------------------------

def test_the_verification_page_confirms_the_notice_and_shows_its_key_facts(client, accepted) -> None:
    application, notice = accepted
    response = client.get(reverse("approvals:verify_notice", args=[notice.verification_token]))
    page = response.content.decode()
    due = notice.due_date.isoformat()
    assert response.status_code == 200
    assert 'data-verified' in page
    facts = [notice.number, "a支队", "a大队", application.enterprise.name, "铁西万达广场三期", "建设工程消防验收", due,
             timezone.localdate(notice.issued_at).isoformat()]
    assert [fact for fact in facts if fact not in page] == []


def test_the_verification_page_shows_no_phone_number_and_no_materials(client, deficient) -> None:
    application, notice = deficient
    page = client.get(reverse("approvals:verify_notice", args=[notice.verification_token])).content.decode()
    assert application.contact_phone not in page
    assert application.enterprise.contact_phone not in page
    assert "缺少建设单位盖章" not in page
    assert "工程竣工验收报告" not in page
    assert notice.number in page


def test_the_verification_page_is_kept_out_of_referrers_and_search_engines(client, accepted) -> None:
    _application, notice = accepted
    response = client.get(reverse("approvals:verify_notice", args=[notice.verification_token]))
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_an_unknown_token_is_not_a_document_of_this_portal(client, accepted) -> None:
    response = client.get(reverse("approvals:verify_notice", args=["forged-" + "x" * 25]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "data-unknown" in page
    assert "data-verified" not in page


def test_a_notice_of_each_kind_has_its_template() -> None:
    assert set(views_public.NOTICE_TEMPLATES) == set(NoticeKind.values) == set(views_public.NOTICE_TITLES)


# --- the hall's office hours: one source for the documents and the booking page ------------------

def test_the_one_time_notice_prints_the_halls_hours_that_the_booking_slots_are_cut_from(
        client, approvals_world, deficient, rendered) -> None:
    from approvals.hall_hours import OFFICE_HOURS, hours_text_zh

    _application, notice = deficient
    text = pdf_text(_get_pdf(client, approvals_world["applicant"], notice).content)
    assert _squash(hours_text_zh()) in rendered[0].html and _squash(hours_text_zh()) in text
    assert [f"{start:%-H:%M}–{end:%-H:%M}" for start, end in OFFICE_HOURS] == ["9:00–11:30", "13:30–17:00"]
    assert "9:00–11:30、13:30–17:00" in text and "8:30" not in text


def test_the_booking_page_shows_the_same_hours_as_the_notice(client, approvals_world, settings) -> None:
    from django.utils import translation

    from approvals.hall_hours import hours_text

    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:appointment_book")).content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        shown = hours_text()
    assert shown in page and "9:00–11:30、13:30–17:00" in shown


def test_the_service_guide_prints_the_halls_hours_and_no_other(client, rendered) -> None:
    from approvals.hall_hours import hours_text_zh

    text = pdf_text(client.get(reverse("approvals:guide_pdf", args=["acceptance"])).content)
    assert _squash(hours_text_zh()) in text and "8:30" not in text


def test_no_matter_names_hours_of_its_own() -> None:
    from approvals.models import Matter

    assert not Matter.objects.filter(window__contains=":").exists()


# --- the dates of a notice: the submission it answers --------------------------------------------

def test_a_one_time_notice_printed_after_the_supplement_keeps_the_date_of_the_submission_it_answers(
        client, approvals_world, rendered) -> None:
    from datetime import datetime

    import time_machine

    from approvals.services.applications import application_submit, material_upload
    from tests.approvals.conftest import PDF

    beijing = timezone.get_fixed_timezone(480)
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=beijing), tick=False):
        application = make_submitted(approvals_world)
    requirement = application.required_items.select_related("requirement").get(
        requirement__code="completion_report").requirement
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=beijing), tick=False):
        notice = application_issue_deficiency_notice(actor=approvals_world["clerk"], application=application,
                                                     items=[NoticeItem(requirement.pk, "缺少建设单位盖章")])
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=beijing), tick=False):
        material_upload(actor=approvals_world["applicant"], application=application, requirement=requirement,
                        data=PDF, filename="竣工验收报告.pdf")
        application_submit(actor=approvals_world["applicant"], application=application)

    _get_pdf(client, approvals_world["applicant"], notice)

    assert "你单位于2026年12月1日提交" in rendered[0].html
    assert "收到申请材料日期</th><td>2026年12月1日" in rendered[0].html
    assert "2026年12月7日" not in rendered[0].html


def test_a_submission_entered_after_the_fact_shows_on_the_timeline_and_the_notice_at_its_arrival(
        client, approvals_world, rendered) -> None:
    from datetime import timedelta

    from approvals.services.applications import application_submit
    from tests.approvals.conftest import make_draft

    arrived = timezone.now() - timedelta(days=3)
    application = make_draft(approvals_world)
    application_submit(actor=approvals_world["applicant"], application=application, at=arrived)
    notice = application_accept(actor=approvals_world["clerk"], application=application)

    _get_pdf(client, approvals_world["applicant"], notice)
    client.force_login(approvals_world["clerk"])
    page = client.get(reverse("approvals:timeline", args=[application.pk])).content.decode()

    day = timezone.localdate(arrived)
    assert f"你单位于{day.year}年{day.month}月{day.day}日提交" in rendered[0].html
    assert f'<li><span class="text-muted">{timezone.localtime(arrived):%Y-%m-%d %H:%M}</span>' in page
    assert "data-recorded-at" in page


# --- the citations and the deadlines, read as a lawyer reads them ----------------------------------

def test_the_non_acceptance_notice_cites_the_paragraph_of_article_32_that_governs_refusals(
        client, approvals_world, rendered) -> None:
    notice = application_refuse(actor=approvals_world["clerk"], application=make_submitted(approvals_world),
                                reasons="该项目依法不属于本大队管辖范围。")
    text = pdf_text(_get_pdf(client, approvals_world["applicant"], notice).content)
    assert "根据《中华人民共和国行政许可法》第三十二条第一款的规定，决定不予受理" in text


def test_the_merged_one_time_notice_cites_the_item_of_article_32_on_missing_materials() -> None:
    html = _squash(documents.render_document_html("approvals/documents/merged_notice.html", {}))
    assert "《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知" in html


def test_the_service_guide_cites_the_item_of_article_32_on_the_one_time_notice(client) -> None:
    text = pdf_text(client.get(reverse("approvals:guide_pdf", args=["acceptance"])).content)
    assert "（《中华人民共和国行政许可法》第三十二条第一款第（四）项）" in text


def test_the_acceptance_notice_writes_the_decision_date_as_inclusive(client, approvals_world, accepted) -> None:
    _application, notice = accepted
    due = f"{notice.due_date.year}年{notice.due_date.month}月{notice.due_date.day}日"
    text = pdf_text(_get_pdf(client, approvals_world["applicant"], notice).content)
    provisional = "（暂定）" if notice.due_date_provisional else ""
    assert f"将于{due}{provisional}前（含当日）依法作出决定" in text
    assert f"作出决定期限{due}{provisional}前（含当日）" in text


def test_the_one_time_notice_writes_the_supplement_date_as_inclusive(client, approvals_world, deficient) -> None:
    _application, notice = deficient
    due = f"{notice.supplement_due.year}年{notice.supplement_due.month}月{notice.supplement_due.day}日"
    text = pdf_text(_get_pdf(client, approvals_world["applicant"], notice).content)
    assert f"于{due}前（含当日）将上述材料一次补齐" in text


def test_the_merged_notice_and_the_pause_notice_write_their_dates_as_inclusive() -> None:
    from datetime import date

    merged = _squash(documents.render_document_html("approvals/documents/merged_notice.html",
                                                    {"supplement_due": date(2026, 12, 18)}))
    pause = _squash(documents.render_document_html("approvals/documents/clock_notice.html", {
        "notice": {"kind": "pause", "expected_until": date(2026, 12, 30)}}))
    assert "于2026年12月18日前（含当日）一次性补正" in merged
    assert "预计于2026年12月30日前（含当日）完成" in pause


# --- the layout: the seal never stands on a page without the text it signs ------------------------

def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF (pdfinfo and pdftotext); skips the rest of the test without poppler."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip(NO_POPPLER)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return [_squash(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-raw", "-enc", "UTF-8", "-", "-"],
                                   input=pdf, capture_output=True, check=True).stdout.decode())
            for page in range(1, count + 1)]


def test_the_seal_of_a_long_notice_stays_on_the_page_of_its_last_paragraph(approvals_world) -> None:
    notice = application_refuse(actor=approvals_world["clerk"], application=make_submitted(approvals_world),
                                reasons="该项目依法不属于本大队管辖范围。")
    reason = "该项目所在地块依法不属于本大队管辖范围，依照有关规定，应当向项目所在地的区消防救援大队提出申请。" * 2
    layouts = []
    # From the short reason alone (one page, whatever the names the factories give) to two pages, past every
    # point where the old layout broke the close.
    for lines in range(0, 10):
        notice.reasons = "\n".join([reason] * lines) or "该项目依法不属于本大队管辖范围。"
        pages = pdf_pages(documents.render_pdf(views_public.NOTICE_TEMPLATES[notice.kind],
                                               views_public._notice_context(notice)))
        sealed = [page for page in pages if "（盖章）" in page]
        layouts.append((lines, len(pages), len(sealed) == 1 and "特此通知。" in sealed[0]))
    assert [lines for lines, _pages, together in layouts if not together] == []
    assert {pages for _lines, pages, _together in layouts} == {1, 2}  # the range did cross a page break


def test_the_closing_phrase_of_the_acceptance_notice_stays_with_its_last_paragraph(approvals_world) -> None:
    """特此通知。 never opens a page alone: it stays with the paragraph before it, and the seal with both."""
    notice = application_accept(actor=approvals_world["clerk"], application=make_submitted(approvals_world))
    application = notice.application
    layouts = []
    for parts in range(1, 16, 2):  # a project name from short to long moves the page break through the close
        application.project_name = "沈阳市铁西区兴华街道商业综合体及地下车库改扩建工程" * parts
        pages = pdf_pages(documents.render_pdf(views_public.NOTICE_TEMPLATES[notice.kind],
                                               views_public._notice_context(notice)))
        closing = [page for page in pages if "特此通知。" in page]
        # On the page of the seal, right after the end of the paragraph it closes (so never at the top of a page).
        together = len(closing) == 1 and "（盖章）" in closing[0] and "（办件查询）。特此通知。" in closing[0]
        layouts.append((parts, len(pages), together))
    assert [parts for parts, _pages, together in layouts if not together] == []
    assert {pages for _parts, pages, _together in layouts} == {2}  # the notice does run onto a second page
