"""A service that is down is a clear 503 page, not a 500 (the fast part of the fault tests).

Not marked ``faults``: nothing is disturbed, the exceptions are raised where a lost database or a
full disk would raise them, so these run in the ordinary (parallel) suite on SQLite as well.
"""

from __future__ import annotations

import errno

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from firesvc.core.storage import StorageFullError


@pytest.fixture
def client_() -> Client:
    return Client(raise_request_exception=False)


def _break_the_report_form(monkeypatch, exc: BaseException) -> None:  # type: ignore[no-untyped-def]
    def boom(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr("feedback.hazard_reports.views._render_form", boom)


@pytest.mark.parametrize("exc", [
    OperationalError("server closed the connection unexpectedly"),
    InterfaceError("connection already closed"),
])
def test_a_lost_database_connection_in_a_view_is_a_503_page_saying_so(client_, db, monkeypatch, exc) -> None:
    _break_the_report_form(monkeypatch, exc)
    response = client_.get("/reports/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "系统数据库暂时无法连接" in page
    assert "cannot reach its database" in page
    assert "119" in page
    # no internals shown
    assert "server closed" not in page
    assert "connection already closed" not in page


def test_a_database_lost_before_any_view_runs_is_a_503_page(client_, db, monkeypatch) -> None:
    # The session is read by middleware (authentication) before the view: the handler still answers.
    def boom(self: object) -> None:
        raise OperationalError("could not connect to server: Connection refused")

    # The session is read from the cache, then from the database on a miss (cached_db): the database read fails.
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore._get_session_from_db", boom)
    client_.cookies["sessionid"] = "x" * 32
    response = client_.get("/inbox/")
    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()


@pytest.mark.parametrize("exc", [StorageFullError(errno.ENOSPC, "No space left on device"),
                                 OSError(errno.ENOSPC, "No space left on device")])
def test_a_full_upload_disk_outside_a_form_is_a_503_page_naming_the_files(client_, db, monkeypatch, exc) -> None:
    _break_the_report_form(monkeypatch, exc)
    response = client_.get("/reports/")
    page = response.content.decode()
    assert response.status_code == 503
    assert "无法保存上传的文件" in page
    assert "cannot store uploaded files" in page
    assert "database" not in page


def test_a_bug_is_still_a_500_page(client_, db, monkeypatch) -> None:
    _break_the_report_form(monkeypatch, ValueError("a bug"))
    response = client_.get("/reports/")
    assert response.status_code == 500
    assert "系统暂时出错" in response.content.decode()
    assert not response.has_header("Retry-After")
