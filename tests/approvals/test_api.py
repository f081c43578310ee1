"""The filing REST API (A3, C9): an enterprise files and follows its applications; nobody else sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import approvals.serializers as api_serializers
from approvals.enums import ApplicationStatus
from approvals.models import Application, ApplicationMaterial, Matter
from approvals.services.applications import NoticeItem, application_create
from approvals.services.intake import application_accept, application_issue_deficiency_notice
from approvals.services.technical_review import decision_draft, decision_sign, review_assign
from enterprises.enums import AccountStatus
from firesvc.sla.enums import ClockStatus
from firesvc.sla.selectors import clocks_for_owner
from firesvc.sla.services import clock_pause
from tests.approvals.conftest import PDF, PNG, PROJECT, make_draft, make_submitted, record_inspection
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/applications/"
MATTERS = "/api/v1/matters/"
TOKEN = "/api/v1/auth/token/"
PROJECT_JSON = {key: str(value) if not isinstance(value, int) else value for key, value in PROJECT.items()}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path: Path) -> None:
    """Uploads go to a temporary folder (so a test can see what was stored); throttles start afresh."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def stored_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def client_for(user: Any) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(approvals_world) -> APIClient:  # type: ignore[no-untyped-def]
    return client_for(approvals_world["applicant"])


def url(application: Application, action: str = "") -> str:
    return f"{APPLICATIONS}{application.pk}/" + (f"{action}/" if action else "")


def upload(client: APIClient, application: Application, requirement: str, data: bytes = PDF,
           name: str = "doc.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url(application, "materials"),
                       {"requirement": requirement, "file": SimpleUploadedFile(name, data)}, format="multipart")


# --- the whole filing ------------------------------------------------------------------------

def test_api_filing_create_upload_every_mandatory_material_submit_shows_status_and_due_date(
        api, approvals_world) -> None:
    # given: the matter's public guide says what to upload
    guide = APIClient().get(f"{MATTERS}acceptance/").json()
    mandatory = [r["code"] for r in guide["requirements"] if r["is_mandatory"]]
    assert mandatory
    assert guide["time_limit"]["limit"] == 20
    assert guide["time_limit"]["unit"] == "workdays"

    # when: a draft is created, every mandatory material uploaded and the application submitted
    created = api.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft"
    assert body["number"] is None
    assert [m["code"] for m in body["missing_mandatory"]] == mandatory
    application = Application.objects.get(pk=body["id"])
    assert created["Location"].endswith(url(application))
    for code in mandatory:
        response = upload(api, application, code, name=f"{code}.pdf")
        assert response.status_code == 201, response.json()
        assert response.json()["content_type"] == "application/pdf"
    before = api.get(url(application)).json()
    assert before["missing_mandatory"] == []
    assert all(m["uploaded"] for m in before["materials"] if m["is_mandatory"])
    submitted = api.post(url(application, "submit"))

    # then: the applicant sees the number, the status and when the window must answer
    assert submitted.status_code == 200, submitted.json()
    detail = api.get(url(application)).json()
    application.refresh_from_db()
    assert detail["status"] == application.status == ApplicationStatus.SUBMITTED
    assert detail["number"] == application.number
    assert application.number
    assert detail["due_date"] == application.due_date.isoformat()
    [clock] = detail["clocks"]
    assert clock["rule"] == "intake.deficiency_notice"
    assert clock["clock_status"] == "running"
    assert clock["card"] == "green"
    assert clock["due_date"] == detail["due_date"]
    assert isinstance(clock["remaining"], int)
    assert clock["remaining"] >= 0
    assert clock["unit"] == "workdays"
    listed = api.get(APPLICATIONS).json()
    assert [(row["id"], row["status"]) for row in listed["results"]] == [(application.pk, "submitted")]


def test_api_create_takes_the_enterprise_from_the_account_never_from_the_body(api, approvals_world) -> None:
    response = api.post(APPLICATIONS, {"matter": "acceptance", "enterprise": approvals_world["other_enterprise"].pk,
                                       **PROJECT_JSON}, format="json")
    assert response.status_code == 201
    application = Application.objects.get(pk=response.json()["id"])
    assert application.enterprise == approvals_world["enterprise"]
    assert response.json()["enterprise"]["id"] == approvals_world["enterprise"].pk


# --- bad input: a clear 400, nothing left behind ----------------------------------------------

@pytest.mark.parametrize(("body", "field"), [
    ({"matter": "acceptance"}, "project_name"),
    ({**PROJECT_JSON}, "matter"),
    ({"matter": "no_such_matter", **PROJECT_JSON}, "matter"),
    ({"matter": "acceptance", **PROJECT_JSON, "building_area": "-5"}, "building_area"),
    ({"matter": "acceptance", **PROJECT_JSON, "use": "spaceport"}, "use"),
    ({"matter": "acceptance", **PROJECT_JSON, "floors": "many"}, "floors"),
], ids=["missing-fields", "no-matter", "unknown-matter", "negative-area", "unknown-use", "floors-not-a-number"])
def test_api_create_with_bad_input_gives_a_field_error_and_creates_nothing(api, approvals_world, body, field) -> None:
    response = api.post(APPLICATIONS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["errors"][field][0]
    assert Application.objects.count() == 0


def test_api_create_for_a_matter_closed_for_applications_says_so(api, approvals_world) -> None:
    Matter.objects.filter(code="acceptance").update(is_active=False)
    response = api.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json")
    assert response.status_code == 400
    assert Matter.objects.get(code="acceptance").name in response.json()["errors"]["matter"][0]
    assert Application.objects.count() == 0


def test_api_create_rejects_a_body_that_is_not_json(api, approvals_world) -> None:
    response = api.post(APPLICATIONS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Application.objects.count() == 0


@pytest.mark.parametrize(("data", "name"), [
    (b"just some text, not a PDF at all\n", "x.pdf"),
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "report.pdf"),
], ids=["text-named-pdf", "exe-named-pdf"])
def test_api_upload_checks_the_content_not_the_name(api, approvals_world, settings, data, name) -> None:
    application = make_draft(approvals_world, upload=False)
    response = upload(api, application, "completion_report", data=data, name=name)
    assert response.status_code == 400
    assert "PDF" in response.json()["errors"]["file"][0]
    assert ApplicationMaterial.objects.count() == 0
    assert stored_files(settings) == []


def test_api_upload_of_a_png_named_pdf_is_stored_as_the_png_it_is(api, approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    response = upload(api, application, "completion_report", data=PNG, name="x.pdf")
    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"
    stored = ApplicationMaterial.objects.get()
    assert (stored.content_type, stored.original_name) == ("image/png", "x.pdf")


def test_api_upload_of_an_oversized_file_is_refused_before_it_is_read(api, approvals_world, settings,
                                                                      monkeypatch) -> None:
    settings.MAX_UPLOAD_MB = 1
    application = make_draft(approvals_world, upload=False)
    response = upload(api, application, "completion_report", data=PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "1 MB" in response.json()["errors"]["file"][0]
    assert ApplicationMaterial.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize("code", ["planning_permit", "no_such_material"])
def test_api_upload_of_a_requirement_not_on_the_application_is_refused(api, approvals_world, settings,
                                                                       code) -> None:
    application = make_draft(approvals_world, upload=False)  # acceptance: planning_permit is design review's
    response = upload(api, application, code)
    assert response.status_code == 400
    assert code in response.json()["errors"]["requirement"][0]
    assert ApplicationMaterial.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize(("data", "field"), [
    ({"requirement": "completion_report"}, "file"),
    ({"file": "not a file"}, "requirement"),
], ids=["no-file", "no-requirement"])
def test_api_upload_with_a_missing_part_names_it(api, approvals_world, data, field) -> None:
    application = make_draft(approvals_world, upload=False)
    response = api.post(url(application, "materials"), data, format="multipart")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert ApplicationMaterial.objects.count() == 0


def test_api_upload_after_submitting_is_refused_with_the_reason(api, approvals_world, settings) -> None:
    application = make_submitted(approvals_world)
    files_before = stored_files(settings)
    response = upload(api, application, "completion_report")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert application.materials.filter(version__gt=1).count() == 0
    assert stored_files(settings) == files_before


def test_api_submit_with_a_missing_material_lists_it(api, approvals_world) -> None:
    application = make_draft(approvals_world, skip=("completion_report", "system_test_report"))
    response = api.post(url(application, "submit"))
    assert response.status_code == 400
    body = response.json()
    assert [m["code"] for m in body["missing"]] == ["completion_report", "system_test_report"]
    assert all(m["name"] in body["detail"] for m in body["missing"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.number is None
    assert clocks_for_owner(application).count() == 0


def test_api_patch_changes_a_draft_and_refuses_after_submitting(api, approvals_world) -> None:
    draft = make_draft(approvals_world, upload=False)
    response = api.patch(url(draft), {"project_name": "铁西万达广场四期", "floors": 15}, format="json")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.project_name, draft.floors) == ("铁西万达广场四期", 15)
    bad = api.patch(url(draft), {"floors": -1}, format="json")
    assert bad.status_code == 400
    assert "floors" in bad.json()["errors"]
    submitted = make_submitted(approvals_world)
    refused = api.patch(url(submitted), {"project_name": "改名"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.project_name == PROJECT["project_name"]


def test_api_withdraw_closes_the_application_once(api, approvals_world) -> None:
    application = make_submitted(approvals_world)
    response = api.post(url(application, "withdraw"), {"reason": "项目暂缓"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert all(c["clock_status"] == "stopped" for c in response.json()["clocks"])
    again = api.post(url(application, "withdraw"), {}, format="json")
    assert again.status_code == 400
    assert again.json()["detail"]


# --- who sees what ---------------------------------------------------------------------------

@pytest.fixture
def someone_elses(approvals_world) -> Application:  # type: ignore[no-untyped-def]
    return application_create(actor=approvals_world["other_applicant"], matter=Matter.objects.get(code="acceptance"),
                              enterprise=approvals_world["other_enterprise"], **PROJECT)


@pytest.mark.parametrize(("method", "action", "data"), [
    ("get", "", None),
    ("patch", "", {"project_name": "抢注"}),
    ("post", "materials", "upload"),
    ("post", "submit", None),
    ("post", "withdraw", {}),
    ("get", "notices", None),
])
def test_api_someone_elses_application_is_not_found(api, someone_elses, method, action, data) -> None:
    if data == "upload":
        response = upload(api, someone_elses, "completion_report")
    else:
        response = getattr(api, method)(url(someone_elses, action), data, format="json")
    assert response.status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.status == ApplicationStatus.DRAFT
    assert someone_elses.project_name == PROJECT["project_name"]
    assert someone_elses.materials.count() == 0


def test_api_lists_only_the_callers_enterprise_applications(api, approvals_world, someone_elses) -> None:
    own = make_draft(approvals_world, upload=False)
    assert [row["id"] for row in api.get(APPLICATIONS).json()["results"]] == [own.pk]


@pytest.mark.parametrize("account_status", [AccountStatus.PENDING, AccountStatus.REJECTED])
def test_api_unverified_enterprise_user_cannot_create_or_read(approvals_world, account_status) -> None:
    draft = make_draft(approvals_world, upload=False)
    pending = client_for(enterprise_user(approvals_world["enterprise"], status=account_status))
    response = pending.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert Application.objects.count() == 1
    assert pending.get(APPLICATIONS).status_code == 403
    assert pending.get(url(draft)).status_code == 403  # bound to the enterprise, but not trusted yet


def test_api_anonymous_cannot_list_applications_but_can_list_matters(approvals_world) -> None:
    make_draft(approvals_world, upload=False)
    anonymous = APIClient()
    refused = anonymous.get(APPLICATIONS)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    matters = anonymous.get(MATTERS)
    assert matters.status_code == 200
    assert [m["code"] for m in matters.json()] == list(
        Matter.objects.filter(is_active=True).order_by("order", "code").values_list("code", flat=True))
    assert all(m["requirements"] and m["time_limit"] for m in matters.json())


def test_api_matter_detail_of_an_unknown_or_closed_matter_is_not_found(approvals_world) -> None:
    Matter.objects.filter(code="pre_opening").update(is_active=False)
    assert APIClient().get(f"{MATTERS}pre_opening/").status_code == 404
    assert APIClient().get(f"{MATTERS}nothing/").status_code == 404


def test_api_staff_of_another_detachment_cannot_see_the_application(approvals_world) -> None:
    application = make_submitted(approvals_world)
    other = client_for(approvals_world["clerk_other"])
    assert other.get(url(application)).status_code == 404
    assert other.get(APPLICATIONS).json()["results"] == []


def test_api_staff_in_scope_read_but_cannot_file(approvals_world) -> None:
    application = make_submitted(approvals_world)
    clerk = client_for(approvals_world["clerk"])
    assert clerk.get(url(application)).json()["number"] == application.number
    refused = clerk.post(url(application, "withdraw"), {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"]
    assert clerk.post(APPLICATIONS, {"matter": "acceptance", **PROJECT_JSON}, format="json").status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_api_list_filters_by_status_and_refuses_an_unknown_one(api, approvals_world) -> None:
    draft = make_draft(approvals_world, upload=False)
    submitted = make_submitted(approvals_world)
    assert [r["id"] for r in api.get(APPLICATIONS, {"status": "draft"}).json()["results"]] == [draft.pk]
    assert [r["id"] for r in api.get(APPLICATIONS, {"status": "submitted"}).json()["results"]] == [submitted.pk]
    assert api.get(APPLICATIONS, {"status": "nonsense"}).status_code == 400


# --- token -----------------------------------------------------------------------------------

def test_api_token_from_username_and_password_opens_the_api(approvals_world) -> None:
    own = make_draft(approvals_world, upload=False)
    response = APIClient().post(TOKEN, {"username": approvals_world["applicant"].username, "password": PASSWORD},
                                format="json")
    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert [row["id"] for row in client.get(APPLICATIONS).json()["results"]] == [own.pk]


def test_api_token_with_a_wrong_password_is_refused(approvals_world) -> None:
    response = APIClient().post(TOKEN, {"username": approvals_world["applicant"].username, "password": "wrong"},
                                format="json")
    assert response.status_code == 400
    assert "token" not in response.json()
    assert not Token.objects.filter(user=approvals_world["applicant"]).exists()


def test_api_token_endpoint_is_throttled(approvals_world) -> None:
    client = APIClient()
    codes = [client.post(TOKEN, {"username": "nobody", "password": "guess"}, format="json").status_code
             for _ in range(11)]
    assert codes == [400] * 10 + [429]


def test_api_invalid_token_is_unauthorised_even_on_public_pages(approvals_world) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(APPLICATIONS).status_code == 401


def test_api_session_login_works_for_the_portals_own_pages(approvals_world) -> None:
    own = make_draft(approvals_world, upload=False)
    client = APIClient()
    client.force_login(approvals_world["applicant"])
    assert client.get(url(own)).json()["id"] == own.pk


# --- notices and clocks ----------------------------------------------------------------------

def _deficient(world: dict[str, Any]) -> Application:
    application = make_submitted(world)
    requirement = application.required_items.get(requirement__code="completion_report").requirement
    application_issue_deficiency_notice(actor=world["clerk"], application=application, items=[
        NoticeItem(requirement_id=requirement.pk, problem="缺少签章", fix="加盖建设单位公章后重新上传")])
    return application


def _fake_reverse(exists: bool, names: tuple[str, ...] = ("approvals:notice_pdf",)):  # type: ignore[no-untyped-def]
    """``reverse`` as if the portal's pages ``names`` (prefixes) existed with the routes given, or not at all."""
    def fake(viewname: str, urlconf: Any = None, args: Any = None, kwargs: Any = None, **rest: Any) -> str:
        if not viewname.startswith(names):
            return reverse(viewname, urlconf, args, kwargs, **rest)
        if not exists or viewname != "approvals:notice_pdf" or len(args or []) != 1:
            raise NoReverseMatch(viewname)
        return f"/approvals/notices/{args[0]}/pdf/"
    return fake


def test_api_notices_link_to_their_pdf(api, approvals_world, monkeypatch) -> None:
    monkeypatch.setattr(api_serializers, "reverse", _fake_reverse(exists=True))
    application = _deficient(approvals_world)
    notices = api.get(url(application, "notices")).json()
    [notice] = notices
    assert notice["kind"] == "deficiency"
    assert notice["number"] == application.notices.get().number
    assert notice["items"] == [{"code": "completion_report", "name": notice["items"][0]["name"],
                                "problem": "缺少签章", "fix": "加盖建设单位公章后重新上传"}]
    assert notice["pdf_url"] == f"http://testserver/approvals/notices/{application.notices.get().pk}/pdf/"


def test_api_notices_without_the_document_view_omit_the_link(api, approvals_world, monkeypatch) -> None:
    monkeypatch.setattr(api_serializers, "reverse", _fake_reverse(exists=False))
    application = _deficient(approvals_world)
    detail = api.get(url(application)).json()
    assert detail["status"] == "deficient"
    assert [n["pdf_url"] for n in detail["notices"]] == [None]


def test_api_after_a_deficiency_notice_only_the_listed_material_is_supplemented_then_resubmitted(
        api, approvals_world) -> None:
    application = _deficient(approvals_world)
    refused = upload(api, application, "product_certificates")
    assert refused.status_code == 400
    assert refused.json()["detail"]
    assert upload(api, application, "completion_report").status_code == 201
    resubmitted = api.post(url(application, "submit"))
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status"] == "submitted"


def test_api_shows_a_paused_clock_with_its_reason(api, approvals_world) -> None:
    application = make_submitted(approvals_world)
    application_accept(actor=approvals_world["clerk"], application=application)
    decision = clocks_for_owner(application).get(status=ClockStatus.RUNNING)
    clock_pause(clock=decision, reason="expert_review", actor=approvals_world["approver"], note="组织专家论证")
    detail = api.get(url(application)).json()
    assert detail["status"] == "accepted"
    intake, running = detail["clocks"]
    assert intake["clock_status"] == "stopped"
    assert intake["remaining"] is None
    assert running["rule"] == "acceptance.decide"
    assert running["clock_status"] == "paused"
    assert [(p["reason"], p["note"], p["ended_at"]) for p in running["pauses"]] == [
        ("expert_review", "组织专家论证", None)]
    assert running["paused_reason"]
    assert [n["kind"] for n in detail["notices"]] == ["acceptance"]


def test_api_a_second_enterprise_user_of_the_same_enterprise_sees_its_applications(approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    colleague = client_for(enterprise_user(approvals_world["enterprise"]))
    assert colleague.get(url(application)).status_code == 200
    stranger = client_for(enterprise_user(EnterpriseFactory(brigade=approvals_world["brigade"])))
    assert stranger.get(url(application)).status_code == 404


def test_api_staff_without_a_unit_sees_nothing(approvals_world) -> None:
    application = make_draft(approvals_world, upload=False)
    reviewer_without_unit = client_for(staff("reviewer", None))
    assert reviewer_without_unit.get(url(application)).status_code == 404


def test_api_submit_without_some_materials_on_purpose_goes_to_the_window(api, approvals_world) -> None:
    application = make_draft(approvals_world, skip=("completion_report",))
    response = api.post(url(application, "submit"), {"allow_incomplete": True}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["due_date"]


def test_api_matter_links_to_its_guide_and_blank_forms_when_the_pages_exist(approvals_world) -> None:
    try:
        reverse("approvals:blank_form", args=["acceptance", "application_form"])
    except NoReverseMatch:
        pytest.skip("the public guide pages are not installed")
    matter = APIClient().get(f"{MATTERS}acceptance/").json()
    forms = {r["code"]: r["blank_form_url"] for r in matter["requirements"]}
    assert forms["application_form"] == (
        "http://testserver" + reverse("approvals:blank_form", args=["acceptance", "application_form"]))
    assert forms["completion_report"] is None  # a report, not a form
    assert matter["guide_pdf_url"] == "http://testserver" + reverse("approvals:guide_pdf", args=["acceptance"])


def test_api_matters_work_without_the_guide_pages(approvals_world, monkeypatch) -> None:
    monkeypatch.setattr(api_serializers, "reverse", _fake_reverse(exists=False, names=("approvals:",)))
    matter = APIClient().get(f"{MATTERS}acceptance/").json()
    assert matter["guide_pdf_url"] is None
    assert matter["form_pack_url"] is None
    assert all(r["blank_form_url"] is None for r in matter["requirements"])


def test_api_detail_of_a_decided_application_gives_the_decision_and_its_pdf(api, approvals_world) -> None:
    world = approvals_world
    application = make_submitted(world)
    application_accept(actor=world["clerk"], application=application)
    assert api.get(url(application)).json()["decision"] is None
    review_assign(actor=world["approver"], application=application, reviewer=world["reviewer"])
    record_inspection(world["reviewer"], application)
    decision_draft(actor=world["reviewer"], application=application, outcome="refuse", reasons="疏散宽度不足")
    assert api.get(url(application)).json()["decision"] is None  # a draft is not the applicant's to see
    decision = decision_sign(actor=world["approver"], application=application)
    body = api.get(url(application)).json()["decision"]
    assert body["number"] == decision.number
    assert body["outcome"] == "refuse"
    assert body["title"] == "建设工程消防验收意见书（不合格）"
    assert body["signed_on"] == timezone.localdate(decision.signed_at).isoformat()
    assert body["pdf_url"].endswith(f"/approvals/decisions/{decision.pk}.pdf")


def test_api_schema_documents_the_decision(client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    decision = schema["components"]["schemas"]["Decision"]
    assert {"number", "outcome", "signed_on", "pdf_url"} <= set(decision["properties"])
    assert "decision" in schema["components"]["schemas"]["ApplicationDetail"]["properties"]


def test_api_a_page_size_that_is_not_a_number_is_a_field_error(api) -> None:
    response = api.get(APPLICATIONS, {"page_size": "abc"})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_api_words_a_filing_not_drawn_as_filed_not_permitted(api, approvals_world, settings) -> None:
    # given a completion filing not drawn for a spot check (stored as approved)
    settings.FILING_SPOT_CHECK_RATIO = 0.0
    filing = make_submitted(approvals_world, "completion_filing")
    application_accept(actor=approvals_world["clerk"], application=filing)
    # when the applicant lists and opens it
    listed = api.get(APPLICATIONS, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"]
    detail = api.get(url(filing), HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    # then neither says 准予许可; the stored status is unchanged
    [row] = [r for r in listed if r["id"] == filing.pk]
    assert row["status"] == detail["status"] == ApplicationStatus.APPROVED
    assert "准予许可" not in row["status_display"]
    assert "准予许可" not in detail["status_display"]
