"""Content Security Policy: the header is strict and the API docs start Swagger UI without inline script.

That every page carries the header and relies on no inline script is checked by the crawl of every page
of every demo user (``tests/crawl/``); its detector is tested here.
"""

from __future__ import annotations

import re

import pytest

from tests.crawl.checks import inline_script_problems


def test_the_detector_finds_inline_script_and_event_attributes() -> None:
    assert inline_script_problems('<script>alert(1)</script>')
    assert inline_script_problems('<button class="x" onclick="go()">')
    assert inline_script_problems('<a href="javascript:void(0)">')
    assert not inline_script_problems('<script src="/static/js/portal.js"></script>')
    assert not inline_script_problems('<script id="d" type="application/json">{"a": 1}</script>')
    assert not inline_script_problems('<button data-action="print">Print</button><p>button online=</p>')


def test_the_policy_header_is_strict(client) -> None:
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_up_code_as_a_separate_script(client) -> None:
    html = client.get("/api/docs/").content.decode()
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html)
    assert script
    assert not inline_script_problems(html)
    code = client.get(script.group(1).replace("&amp;", "&"))
    assert code.status_code == 200
    assert "SwaggerUIBundle" in code.content.decode()
    assert "javascript" in code["Content-Type"]
