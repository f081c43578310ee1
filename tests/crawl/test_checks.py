"""The crawl's form check on small pages: what a browser would not send is found, what it sends passes."""

from __future__ import annotations

from tests.crawl.checks import form_problems


def test_form_check_finds_a_form_inside_a_form() -> None:
    html = '<form method="post"><form method="post"><input name="a"></form><button>Send</button></form>'
    assert [p.split(":")[0] for p in form_problems(html)] == ["form inside a form", "submit button outside any form"]


def test_form_check_finds_a_submit_button_outside_any_form() -> None:
    assert form_problems('<div><button class="btn">Save</button><input type="submit" value="Go"></div>') != []
    assert len(form_problems('<button type="submit">a</button><input type="image" src="x">')) == 2


def test_form_check_accepts_a_button_that_names_an_existing_form() -> None:
    assert form_problems('<form id="f" method="post"></form><button form="f">Send</button>') == []
    assert form_problems('<form id="f" method="post"></form><button form="g">Send</button>') != []


def test_form_check_accepts_plain_buttons_and_buttons_inside_their_form() -> None:
    html = ('<button type="button">Menu</button><form method="post"><input name="a"><button>Save</button>'
            '<input type="submit" value="Go"></form><form><button type="submit">Again</button></form>')
    assert form_problems(html) == []
