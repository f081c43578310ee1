"""Fill msgstr of a .po file from a Python dict file (``T = {msgid: msgstr}``); report what is left.

Usage: python scripts/po_fill.py locale/zh_Hans/LC_MESSAGES/django.po [translations.py]
Keeps existing translations; prints the msgids that still have none and exits 1 if any
(without a table it only checks: CI runs it after makemessages). A msgid with a context (pgettext,
``{% translate … context … %}``) is filled only from the key ``"context\x04msgid"`` (gettext's own
notation), never from the plain msgid: the context is there because the plain text is wrong for it.
"""

from __future__ import annotations

import runpy
import sys

import polib


def _unfuzzy(entry: polib.POEntry) -> None:
    """A filled entry is no guess: no fuzzy flag, and no note of the msgid it was guessed from."""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def main(po_path: str, table_path: str | None = None) -> int:
    table: dict[str, str] = runpy.run_path(table_path)["T"] if table_path else {}
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if not entry.msgid_plural and key in table and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = table[key]
            _unfuzzy(entry)
        if entry.msgid_plural:
            # Chinese has one plural form: msgstr[0]. A table value fills it.
            if key in table and (not entry.msgstr_plural.get(0) or "fuzzy" in entry.flags):
                entry.msgstr_plural = {0: table[key]}
                _unfuzzy(entry)
            if not entry.msgstr_plural.get(0) or "fuzzy" in entry.flags:
                missing.append(entry.msgid)
            continue
        if not entry.msgstr or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "zh_Hans"
    if "fuzzy" in po.metadata_is_fuzzy or po.metadata_is_fuzzy:
        po.metadata_is_fuzzy = []
    po.save(po_path)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
