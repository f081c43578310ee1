"""Fill msgstr of a .po file from a Python dict file (``T = {msgid: msgstr}``); report what is left.

Usage: python scripts/po_fill.py locale/zh_Hans/LC_MESSAGES/django.po [translations.py]
Keeps existing translations; prints the msgids that still have none and exits 1 if any
(without a table it only checks: CI runs it after makemessages).
"""

from __future__ import annotations

import runpy
import sys

import polib


def main(po_path: str, table_path: str | None = None) -> int:
    table: dict[str, str] = runpy.run_path(table_path)["T"] if table_path else {}
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgid_plural and entry.msgid in table and (not entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        if entry.msgid_plural:
            # Chinese has one plural form: msgstr[0]. A table value fills it.
            if entry.msgid in table and (not entry.msgstr_plural.get(0) or "fuzzy" in entry.flags):
                entry.msgstr_plural = {0: table[entry.msgid]}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
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
