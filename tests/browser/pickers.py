"""Driving an enterprise picker (issue 22) in the browser: type part of a name, pick a result."""

from __future__ import annotations


def pick_enterprise(page, field_id: str, typed: str, choice: str, *, keyboard: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Type ``typed`` into the picker of the select ``#field_id`` and pick the result reading ``choice``.

    With ``keyboard`` the result is reached with the arrow keys and taken with Enter, as a clerk without a
    mouse would; otherwise it is clicked.
    """
    control = page.locator(f"#{field_id}-ts-control")
    control.focus()
    control.press_sequentially(typed)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=choice)
    option.wait_for()
    if not keyboard:
        option.click()
        return
    for _ in range(page.locator(f"#{field_id}-ts-dropdown .option").count()):
        if "active" in (option.get_attribute("class") or ""):
            break
        control.press("ArrowDown")
    page.keyboard.press("Enter")
