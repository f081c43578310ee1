"""Idempotency-Key on the filing API's POSTs (issue 23 §2): a retried request creates nothing new."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals.models import Application, ApplicationMaterial, IntakeNotice
from firesvc.core.models import IdempotencyKey
from firesvc.core.tasks import expire_idempotency_keys
from tests.approvals.conftest import PDF, PNG, make_draft, make_submitted
from tests.approvals.test_api import APPLICATIONS, PROJECT_JSON, client_for, url

pytestmark = pytest.mark.django_db

DRAFT = {"matter": "acceptance", **PROJECT_JSON}


def test_a_draft_sent_twice_with_one_key_is_one_draft_and_the_same_answer(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    first = api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="erp-1")
    second = api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="erp-1")
    assert (first.status_code, first.json()) == (second.status_code, second.json())
    assert first["Location"] == second["Location"]
    assert second["Idempotent-Replayed"] == "true"
    assert Application.objects.get().pk == first.json()["id"]


def test_a_key_reused_with_another_body_is_422_and_creates_nothing(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="erp-2")
    response = api.post(APPLICATIONS, {**DRAFT, "project_name": "另一个项目"}, format="json",
                        HTTP_IDEMPOTENCY_KEY="erp-2")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["detail"]
    assert Application.objects.count() == 1


def test_a_key_reused_on_another_operation_is_422(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    draft = make_draft(approvals_world)
    api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="erp-3")
    response = api.post(url(draft, "withdraw"), {}, format="json", HTTP_IDEMPOTENCY_KEY="erp-3")
    assert response.status_code == 422
    assert Application.objects.get(pk=draft.pk).status == draft.status


def test_the_same_key_from_two_users_is_two_drafts(approvals_world) -> None:
    client_for(approvals_world["applicant"]).post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = client_for(approvals_world["other_applicant"]).post(APPLICATIONS, DRAFT, format="json",
                                                                HTTP_IDEMPOTENCY_KEY="k")
    assert other.status_code == 201
    assert Application.objects.get(pk=other.json()["id"]).enterprise == approvals_world["other_enterprise"]
    assert Application.objects.count() == 2


def test_a_refused_request_leaves_the_key_free_for_the_corrected_one(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    refused = api.post(APPLICATIONS, {"matter": "acceptance"}, format="json", HTTP_IDEMPOTENCY_KEY="erp-4")
    corrected = api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="erp-4")
    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert Application.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "schlüssel", "two words"], ids=["empty", "too-long", "non-ascii",
                                                                                  "space"])
def test_an_unusable_key_is_a_field_error(approvals_world, key) -> None:
    response = client_for(approvals_world["applicant"]).post(APPLICATIONS, DRAFT, format="json",
                                                             HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Application.objects.exists()


def _upload(api, application, data: bytes = PDF):  # type: ignore[no-untyped-def]
    return api.post(url(application, "materials"), {"requirement": "completion_report",
                                                    "file": SimpleUploadedFile("report.pdf", data)},
                    format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")


def test_an_upload_sent_twice_with_one_key_is_one_version(approvals_world, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    api = client_for(approvals_world["applicant"])
    draft = make_draft(approvals_world, upload=False)
    first, second = _upload(api, draft), _upload(api, draft)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert ApplicationMaterial.objects.filter(application=draft).count() == 1


def test_another_file_under_the_same_key_is_422(approvals_world, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    api = client_for(approvals_world["applicant"])
    draft = make_draft(approvals_world, upload=False)
    _upload(api, draft)
    assert _upload(api, draft, PDF + b"\n%another").status_code == 422
    assert ApplicationMaterial.objects.filter(application=draft).count() == 1


def test_a_submission_retried_with_its_key_answers_as_the_first_time(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    draft = make_draft(approvals_world)
    first = api.post(url(draft, "submit"), {}, format="json", HTTP_IDEMPOTENCY_KEY="submit-1")
    second = api.post(url(draft, "submit"), {}, format="json", HTTP_IDEMPOTENCY_KEY="submit-1")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


def test_an_intake_sent_twice_with_one_key_is_one_notice(approvals_world) -> None:
    application = make_submitted(approvals_world)
    materials = [{"requirement": item.requirement.code, "state": "ok"}
                 for item in application.required_items.select_related("requirement")]
    clerk = client_for(approvals_world["clerk"])
    answers = [clerk.post(url(application, "intake"), {"action": "accept", "materials": materials}, format="json",
                          HTTP_IDEMPOTENCY_KEY="window-1") for _ in range(2)]
    assert answers[0].status_code == answers[1].status_code == 201, answers[0].json()
    assert answers[0].json() == answers[1].json()
    assert IntakeNotice.objects.filter(application=application).count() == 1


def test_a_key_older_than_a_day_is_forgotten_by_the_sweep(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="old")
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="young")
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert expire_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["young"]


def test_a_key_past_a_day_but_not_yet_swept_creates_again(approvals_world) -> None:
    api = client_for(approvals_world["applicant"])
    api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="day")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        again = api.post(APPLICATIONS, DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="day")
    assert again.status_code == 201
    assert Application.objects.count() == 2


def test_the_schema_documents_the_key_and_the_422_on_every_post_that_changes_data(client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    posts = {path: ops["post"] for path, ops in schema["paths"].items() if "post" in ops}
    keyed = {path for path, op in posts.items()
             if any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in op.get("parameters", []))}
    assert keyed == set(posts) - {"/api/v1/auth/token/"}
    assert all("422" in posts[path]["responses"] for path in keyed)
    assert "422" not in posts["/api/v1/auth/token/"]["responses"]


def test_an_image_upload_keeps_its_own_answer_under_its_own_key(approvals_world, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    api = client_for(approvals_world["applicant"])
    draft = make_draft(approvals_world, upload=False)
    _upload(api, draft)
    other = api.post(url(draft, "materials"), {"requirement": "completion_report",
                                               "file": SimpleUploadedFile("scan.png", PNG)},
                     format="multipart", HTTP_IDEMPOTENCY_KEY="upload-2")
    assert other.status_code == 201
    assert ApplicationMaterial.objects.filter(application=draft).count() == 2
