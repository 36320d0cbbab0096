"""Fill msgstr entries of a .po file from a Python dict file, then clear fuzzy flags.

    python scripts/po_fill.py training/locale/id/LC_MESSAGES/django.po translations_id.py

The dict file defines TRANSLATIONS = {msgid: msgstr} (for plurals: msgid: [singular, plural]).
Prints the msgids still untranslated, so nothing is forgotten.
"""

import runpy
import sys

import polib


def main(po_path, dict_path):
    translations = runpy.run_path(dict_path)["TRANSLATIONS"]
    po = polib.pofile(po_path, wrapwidth=0)
    for entry in po:
        if entry.obsolete:
            continue
        value = translations.get(entry.msgid)
        if value is not None:
            if entry.msgid_plural:
                forms = value if isinstance(value, list | tuple) else [value, value]
                entry.msgstr_plural = {
                    i: forms[min(i, len(forms) - 1)] for i in range(max(1, len(entry.msgstr_plural) or 1))
                }
            else:
                entry.msgstr = value
        if "fuzzy" in entry.flags and value is not None:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
