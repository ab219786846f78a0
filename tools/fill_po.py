"""Fill an area's catalogue from a JSON object {msgid: translation}.

    python tools/fill_po.py AREA vi translations.json

Only entries present in the catalogue are filled (run ``flask translate update`` first);
unknown ids are reported so typos do not pass silently.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]


def main(area: str, language: str, source: str) -> int:
    path = ROOT / "app" / area / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    mapping = json.loads(Path(source).read_text(encoding="utf-8"))
    unknown = []
    for msgid, text in mapping.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = text
        message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True)
    path.write_bytes(buffer.getvalue())
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in unknown:
        print(f"not in catalogue: {msgid!r}")
    for msgid in missing:
        print(f"still untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
