"""Every answer under /api/ is JSON in the one documented error shape; pages keep their HTML (issue 23 §3)."""

from __future__ import annotations

import pytest
from rest_framework import exceptions
from rest_framework.test import APIClient

from approvals.api import MatterViewSet
from firesvc.core.api_errors import body_for, flatten_errors

pytestmark = pytest.mark.django_db


def _is_error_json(response) -> bool:  # type: ignore[no-untyped-def]
    body = response.json()
    return (response["Content-Type"].startswith("application/json")
            and isinstance(body["detail"], str) and body["detail"] and isinstance(body["code"], str))


def test_an_unknown_api_path_is_a_json_404(client) -> None:
    response = client.get("/api/v9/nothing/")
    assert response.status_code == 404
    assert _is_error_json(response)
    assert response.json()["code"] == "not_found"


def test_an_unknown_page_keeps_its_html_404(client) -> None:
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unknown_object_of_the_api_is_a_json_404_in_the_one_shape(client) -> None:
    response = client.get("/api/v1/matters/no-such-matter/")
    assert response.status_code == 404
    assert _is_error_json(response)


def test_a_method_the_api_does_not_take_is_a_json_405(client) -> None:
    response = client.delete("/api/v1/matters/")
    assert response.status_code == 405
    assert _is_error_json(response)
    assert response.json()["code"] == "method_not_allowed"


def test_an_anonymous_caller_gets_a_json_401(client) -> None:
    response = client.get("/api/v1/applications/")
    assert response.status_code == 401
    assert _is_error_json(response)
    assert response.json()["code"] == "not_authenticated"


def test_a_wrong_token_is_a_json_401(client) -> None:
    response = client.get("/api/v1/matters/", HTTP_AUTHORIZATION="Token wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_server_error_under_the_api_is_json(monkeypatch) -> None:
    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(MatterViewSet, "list", crash)
    response = APIClient(raise_request_exception=False).get("/api/v1/matters/")
    assert response.status_code == 500
    assert _is_error_json(response)
    assert response.json()["code"] == "server_error"


def test_a_browser_asking_for_html_still_gets_json(client) -> None:
    response = client.get("/api/v1/matters/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response["Content-Type"].startswith("application/json")


def test_an_api_query_with_a_nul_is_a_json_400(client) -> None:
    response = client.get("/api/v1/matters/?q=%00")
    assert response.status_code == 400
    assert _is_error_json(response)


def test_the_schema_is_served_as_json_by_default(client) -> None:
    response = client.get("/api/schema/")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response.json()["openapi"].startswith("3.")


def test_nested_validation_errors_are_flattened_to_dotted_paths() -> None:
    detail = {"materials": [{}, {"state": ["not a choice"]}], "file": ["too big"]}
    assert flatten_errors(detail) == {"materials.1.state": ["not a choice"], "file": ["too big"]}


def test_a_validation_error_names_fields_under_errors_and_sums_up_in_detail() -> None:
    body = body_for(exceptions.ValidationError({"file": ["too big"], "non_field_errors": ["Wrong credentials."]}))
    assert body == {"detail": "Wrong credentials.", "code": "invalid", "errors": {"file": ["too big"]}}


def test_a_refusal_with_extra_data_keeps_it_beside_the_detail() -> None:
    exc = exceptions.APIException({"detail": "Materials missing.", "missing": [{"code": "a", "name": "A"}]})
    assert body_for(exc) == {"detail": "Materials missing.", "code": "error",
                             "missing": [{"code": "a", "name": "A"}]}



# --- a path without its trailing slash --------------------------------------------------------------------


def test_an_api_get_without_its_trailing_slash_is_a_redirect_with_a_json_body(client) -> None:
    response = client.get("/api/v1/auth/token?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/auth/token/?x=1"
    assert _is_error_json(response)
    assert response.json()["code"] == "redirect"
    assert response.json()["location"] == "/api/v1/auth/token/?x=1"


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_post_without_its_trailing_slash_names_the_right_address_in_json(client, settings, debug) -> None:
    settings.DEBUG = debug
    response = client.post("/api/v1/auth/token", {"username": "a", "password": "b"})
    assert response.status_code == 404
    assert _is_error_json(response)
    assert response.json()["code"] == "trailing_slash"
    assert response.json()["location"] == "/api/v1/auth/token/"
    assert "/api/v1/auth/token/" in response.json()["detail"]


def test_a_page_without_its_trailing_slash_keeps_djangos_redirect(client) -> None:
    response = client.get("/reports")
    assert response.status_code == 301
    assert response["Location"] == "/reports/"
    assert not response["Content-Type"].startswith("application/json")
