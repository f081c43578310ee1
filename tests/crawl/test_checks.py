"""The crawl's checks on small pages: what a browser would not send is found, what it sends passes; English,
codes and login names in what a page shows are found, what it does not show is not."""

from __future__ import annotations

from tests.crawl.checks import Page, chinese_screen_problems, chinese_screens, form_problems


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


def test_chinese_screen_check_finds_english_a_code_and_a_login_name_in_visible_text() -> None:
    html = ("<h1>Save changes</h1><p>事件：hazard.recheck_due</p><td>submitted</td>"
            "<td>状态 blocked_exit</td><span>经办人 clerk_jz</span>")
    assert [p.split(" in ")[0] for p in chinese_screen_problems(html, frozenset({"clerk_jz"}))] == [
        "English text 'Save changes'", "code 'hazard.recheck_due'", "English text 'submitted'",
        "code 'blocked_exit'", "login name 'clerk_jz'"]


def test_chinese_screen_check_ignores_attributes_scripts_code_and_typed_values() -> None:
    html = ('<a href="/x/?kind=login_failed" title="Open the list" data-user="clerk_jz">列表</a>'
            '<script src="/static/a.js"></script><script type="application/json">{"state": "blocked_exit"}</script>'
            '<style>.save_button { color: red }</style><code>hazard.recheck_due</code><kbd>Ctrl Enter</kbd>'
            '<input name="user_name" value="Some words clerk_jz"><textarea>Some English clerk_jz</textarea>')
    assert chinese_screen_problems(html, frozenset({"clerk_jz"})) == []


def test_chinese_screen_check_accepts_allowed_words_codes_of_records_files_and_addresses() -> None:
    html = ("<p>下载 PDF</p><p>照片：PDF、JPEG、PNG、Word 或 Excel，不超过 20 MB。</p><a>English</a>"
            "<td>SY-TX-2026-000015</td><td>91210102K000025701</td><td>cy-st-s1</td><p>材料.pdf · v1</p>"
            "<p>电子邮箱: clerk_jz@example.com</p><p>地址： https://example.com/a_b/</p><p>120.00 m² · 3 层</p>")
    assert chinese_screen_problems(html, frozenset({"clerk_jz"})) == []


def test_chinese_screen_check_allows_login_names_on_the_account_list_only() -> None:
    html = "<table><tr><td>clerk_jz</td><td>刘洋</td></tr></table>"
    assert chinese_screens(Page(url="/admin/accounts/user/", status=200, content_security_policy="", html=html)) == []
    assert chinese_screens(Page(url="/security/events/", status=200, content_security_policy="", html=html)) != []
