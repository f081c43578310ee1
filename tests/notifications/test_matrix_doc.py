"""docs/notifications.md is the notification matrix: its table and the rules in the code are the same."""

from __future__ import annotations

from pathlib import Path

from firesvc.notifications.matrix import rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "notifications.md"
HEADER = ["event", "what happened", "recipient", "inbox", "e-mail", "SMS"]
CHANNELS = {"e-mail": "email", "SMS": "sms"}


def parse_matrix(text: str) -> set[tuple[str, str, frozenset[str]]]:
    """(event, recipient, external channels) of every row of the tables headed like ``HEADER``."""
    rows: set[tuple[str, str, frozenset[str]]] = set()
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "event":
            assert cells == HEADER, f"line {number}: bad header {cells}"
            header = cells
            continue
        if header is None or set(line) <= set("|-: "):
            continue
        assert len(cells) == len(header), f"line {number}: {len(cells)} cells"
        values = dict(zip(header, cells, strict=True))
        assert {values[c] for c in ("inbox", "e-mail", "SMS")} <= {"yes", "no"}, f"line {number}: yes or no"
        assert values["inbox"] == "yes", f"line {number}: every notification is in the inbox"
        key = (values["event"].strip("`"), values["recipient"],
               frozenset(code for column, code in CHANNELS.items() if values[column] == "yes"))
        assert key not in rows, f"line {number}: a second row for {key[:2]}"
        rows.add(key)
    return rows


def test_document_and_code_name_the_same_matrix():
    documented = parse_matrix(DOC.read_text(encoding="utf-8"))
    coded = {(rule.event, rule.recipient, frozenset(rule.channels)) for rule in rules()}
    assert documented, "no matrix rows found in docs/notifications.md"
    assert coded - documented == set(), "rules in the code missing from docs/notifications.md"
    assert documented - coded == set(), "rows of docs/notifications.md that the code does not have"


def test_the_parser_sees_a_changed_channel():
    text = DOC.read_text(encoding="utf-8").replace(
        "| `application.refuse` | not accepted (不予受理), with the reasons | applicant | yes | yes | yes |",
        "| `application.refuse` | not accepted (不予受理), with the reasons | applicant | yes | yes | no |")
    coded = {(rule.event, rule.recipient, frozenset(rule.channels)) for rule in rules()}
    assert parse_matrix(text) != coded
