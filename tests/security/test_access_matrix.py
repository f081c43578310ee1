"""The role × object access matrix (OWASP ASVS 8.2): docs/access-matrix.md is the source of truth.

Every URL that takes an object id or token (the whole resolver: pages, the REST API under /api/, Open311
under /open311/v2/; the admin is one row) is requested by every column of the table — each demo role, an
enterprise user of the object's own enterprise and of another one, an unverified claimant of the object's
enterprise, staff of another brigade, the supervisor of the unit and the supervisor named in an integrity
report, and an anonymous visitor — and the answer must be what the cell says. A URL with an object
parameter missing from the table, a row naming a URL that no longer exists and a 500 for anyone fail the
suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from tests.security.access_world import (
    COLUMNS,
    ROUTES,
    World,
    base_label,
    build_world,
    row_path,
)
from tests.seeding import seeded_for_the_module

DOC = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.md"
CELLS = {"yes", "no", "token"}
METHODS = {"GET", "POST"}
# Parameters that choose a representation, not an object.
FORMAT_PARAMETERS = {"fmt", "format"}
WRONG_TOKEN_SUFFIXES = (", wrong token", ", wrong code")


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    label: str
    cells: dict[str, str]
    line: int


def parse_matrix(text: str) -> list[Row]:
    """The rows of every table in the document whose header starts with ``URL name``."""
    rows: list[Row] = []
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "URL name":
            header = cells
            unknown = set(header[3:]) - set(COLUMNS.values())
            assert header[1:3] == ["method", "object"], f"line {number}: bad header {header}"
            assert not unknown, f"line {number}: bad header {header}"
            assert set(header[3:]) == set(COLUMNS.values()), f"line {number}: columns missing"
            continue
        if header is None or set(line) <= set("|-: "):
            continue
        assert len(cells) == len(header), f"line {number}: {len(cells)} cells, the header has {len(header)}"
        by_label = {v: k for k, v in COLUMNS.items()}
        values = {by_label[h]: cell.strip("*") for h, cell in zip(header[3:], cells[3:], strict=True)}
        bad = {v for v in values.values() if v not in CELLS}
        assert not bad, f"line {number}: unknown cell values {bad}"
        method = cells[1]
        assert method in METHODS, f"line {number}: method {method}"
        rows.append(Row(url_name=cells[0].strip("`"), method=method, label=cells[2], cells=values, line=number))
    return rows


ROWS = parse_matrix(DOC.read_text(encoding="utf-8"))


def _walk(resolver: URLResolver, namespace: str = "") -> list[tuple[str, set[str]]]:
    """(full name, parameter names) of every named pattern below ``resolver``."""
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            params = set(pattern.pattern.regex.groupindex)
            found += [(name, params | p) for name, p in _walk(pattern, inner)]
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            found.append((name, set(pattern.pattern.regex.groupindex)))
    return found


def object_url_names() -> set[str]:
    """Every URL name (outside the admin) whose pattern takes an object id, a token or a code."""
    return {name for name, params in _walk(get_resolver())
            if params - FORMAT_PARAMETERS and not name.startswith("admin:")}


def all_url_names() -> set[str]:
    return {name for name, _params in _walk(get_resolver())}


# --- the table is complete and names what exists ---------------------------------------------

def test_every_url_with_an_object_parameter_has_a_row() -> None:
    missing = object_url_names() - {row.url_name for row in ROWS}
    assert missing == set(), f"add these URL names to {DOC.name}"


def test_every_row_names_an_existing_url() -> None:
    gone = {row.url_name for row in ROWS} - all_url_names()
    assert gone == set()


def test_every_row_has_a_route_in_the_world_and_every_route_a_row() -> None:
    table = {(row.url_name, row.label) for row in ROWS}
    assert table - set(ROUTES) == set(), "add a route to tests/security/access_world.py"
    assert set(ROUTES) - table == set(), "a route without a row in the table"


def test_no_row_is_listed_twice() -> None:
    keys = [(row.url_name, row.method, row.label) for row in ROWS]
    assert len(keys) == len(set(keys))


def test_every_token_page_is_also_tried_with_a_wrong_token() -> None:
    wrong = {(row.url_name, base_label(row.label)) for row in ROWS if row.label.endswith(WRONG_TOKEN_SUFFIXES)}
    token_rows = {(row.url_name, row.label) for row in ROWS if "token" in row.cells.values()}
    assert token_rows - wrong == set()
    for row in ROWS:
        if row.label.endswith(WRONG_TOKEN_SUFFIXES):
            assert set(row.cells.values()) == {"no"}, f"line {row.line}: a wrong token opens nothing"


def test_parser_rejects_an_unknown_cell_value() -> None:
    header = "| URL name | method | object | " + " | ".join(COLUMNS.values()) + " |"
    row = "| `x` | GET | y | " + " | ".join(["maybe"] * len(COLUMNS)) + " |"
    with pytest.raises(AssertionError, match="unknown cell values"):
        parse_matrix(f"{header}\n|---|\n{row}\n")


# --- every cell -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo and the matrix's additions, built once for the module and rolled back after it."""
    yield from seeded_for_the_module(django_db_blocker, build_world)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker) -> dict[int | None, Client]:  # type: ignore[no-untyped-def]
    """One signed-in client per person, signed in once (inside the module's transaction)."""
    people = ([u for u in world.users.values() if u is not None] + list(world.owner_users.values())
              + list(world.pending_users.values()))
    with django_db_blocker.unblock():
        signed_in: dict[int | None, Client] = {None: Client(raise_request_exception=False)}
        for user in people:
            if user.pk not in signed_in:
                client = Client(raise_request_exception=False)
                client.force_login(user)
                signed_in[user.pk] = client
    return signed_in


def login_paths() -> set[str]:
    return {resolve_url("login"), resolve_url("admin:login")}


def outcome(response, method: str = "GET") -> str:  # type: ignore[no-untyped-def]
    """``yes`` (reached), ``no`` (401/403/404 or sent to sign in) or ``error`` (5xx, 405), after redirects.

    A GET answered 400 is a refusal too (a record named in the query that is not among the user's choices);
    a POST with an empty body answered 400 reached its form.
    """
    logins = login_paths()
    if any(url.split("?")[0] in logins for url, _status in getattr(response, "redirect_chain", [])):
        return "no"
    status = response.status_code
    if status >= 500 or status == 405:
        return "error"
    if status in (401, 403, 404) or (status == 400 and method == "GET"):
        return "no"
    return "yes"


def request_as(world: World, clients: dict[int | None, Client], row: Row, column: str):  # type: ignore[no-untyped-def]
    user = world.user_for(column, row.label)
    client = clients[user.pk if user is not None else None]
    path = row_path(world, row.url_name, row.label)
    with translation.override("en"):
        if row.method == "GET":
            return client.get(path, follow=True)
        return client.post(path, {}, follow=True)


CASES = [pytest.param(row, column, id=f"{row.url_name}[{row.label}]-{column}")
         for row in ROWS for column in COLUMNS]


@pytest.mark.parametrize(("row", "column"), CASES)
def test_access(world: World, clients, constraints_checked, row: Row, column: str) -> None:  # type: ignore[no-untyped-def]
    response = request_as(world, clients, row, column)
    got = outcome(response, row.method)
    expected = "yes" if row.cells[column] == "token" else row.cells[column]
    chain = " -> ".join(url for url, _status in getattr(response, "redirect_chain", []))
    assert got == expected, (f"{DOC.name} line {row.line}: {row.method} {row.url_name} [{row.label}] as {column}: "
                             f"expected {expected}, got {got} ({response.status_code} {chain})")


# --- regressions of leaks the matrix found ----------------------------------------------------

def test_a_report_photo_is_not_served_to_staff_who_may_not_open_the_report(world, clients, constraints_checked) -> None:  # type: ignore[no-untyped-def]
    """Clerks in scope could fetch hazard-report photos by id, though not the report itself (supervisors may
    now open a report, to review it when its reporter is dissatisfied, and so its photos)."""
    path = row_path(world, "hazard_reports:photo_staff", "hazard report photo")
    assert clients[world.users["clerk"].pk].get(path).status_code == 403
    assert clients[world.users["grid_manager"].pk].get(path).status_code == 403
    response = clients[world.users["duty_officer"].pk].get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # the JPEG itself
