"""scripts/po_fill.py: a msgid with a context is filled from its own key, never from the plain msgid's."""

from __future__ import annotations

import runpy
from pathlib import Path

import polib

PO_FILL = Path(__file__).resolve().parents[2] / "scripts" / "po_fill.py"


def test_po_fill_fills_each_context_from_its_own_key(tmp_path: Path) -> None:
    # given a catalogue with "Verify" in two contexts, one of them a fuzzy guess from the plain msgid
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Verify", msgctxt="document check", msgstr="通过", flags=["fuzzy"],
                            previous_msgid="Verify"))
    po.append(polib.POEntry(msgid="Verify", msgctxt="account review", msgstr=""))
    po.append(polib.POEntry(msgid="Verify", msgctxt="elsewhere", msgstr=""))
    po_path, table_path = tmp_path / "django.po", tmp_path / "table.py"
    po.save(str(po_path))
    table_path.write_text('T = {"document check\\x04Verify": "核验", "account review\\x04Verify": "通过", '
                          '"Verify": "通过"}\n', encoding="utf-8")
    # when the table fills it
    status = runpy.run_path(str(PO_FILL))["main"](str(po_path), str(table_path))
    # then each context has its own text, and a context without a key is left for a translator
    filled = {(e.msgctxt, e.msgstr, "fuzzy" in e.flags, e.previous_msgid) for e in polib.pofile(str(po_path))}
    assert filled == {("document check", "核验", False, None), ("account review", "通过", False, None),
                      ("elsewhere", "", False, None)}
    assert status == 1
