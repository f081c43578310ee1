"""Frames: fragments rendered once per language, filled per request (firesvc.core.frames)."""

from __future__ import annotations

import pytest
from django.utils import translation

from firesvc.core import frames


@pytest.fixture(autouse=True)
def _no_kept_frames():  # type: ignore[no-untyped-def]
    frames.forget()
    yield
    frames.forget()


def _body(**values: str) -> str:
    defaults = {"filter_html": "", "rows_html": "", "next_html": ""}
    return frames.fill("approvals/worklist_body.html", **(defaults | values))


def test_values_go_where_the_template_prints_them() -> None:
    html = _body(rows_html="<tr><td>ROW</td></tr>", next_html="<a>NEXT</a>")

    assert html.index("<tbody>") < html.index("<tr><td>ROW</td></tr>") < html.index("</tbody>")
    assert html.index("</table>") < html.index("<a>NEXT</a>")


def test_values_are_put_in_as_given_so_callers_escape_them() -> None:
    assert "<b>raw</b>" in _body(rows_html="<b>raw</b>")


def test_the_words_follow_the_active_language() -> None:
    with translation.override("zh-hans"):
        chinese = _body()
    with translation.override("en"):
        english = _body()

    assert "待办事项" in chinese and "Worklist" not in chinese
    assert "Worklist" in english


def test_a_frame_is_rendered_once_per_language(monkeypatch) -> None:
    rendered = []
    real = frames.render_to_string
    monkeypatch.setattr(frames, "render_to_string", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    with translation.override("zh-hans"):
        _body(rows_html="1")
        _body(rows_html="2")
    with translation.override("en"):
        _body(rows_html="3")

    assert rendered == ["approvals/worklist_body.html"] * 2


def test_a_value_the_template_does_not_print_is_refused() -> None:
    with pytest.raises(ValueError, match="does not print rows"):
        _body(rows="")  # a misspelt name
