"""Regenerate lexicons/presentation_forms.tsv from Unicode NFKC (run when Python's Unicode changes).

Arabic Presentation Forms-A/B (U+FB50-U+FDFF, U+FE70-U+FEFF) are positional
glyph codes that legacy PDFs and keyboards emit; NFKC maps each to its letters.
Isolated-mark forms (e.g. U+FE70 ARABIC FATHATAN ISOLATED FORM) decompose to a
space + mark; we keep only the combining mark.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lexicons" / "presentation_forms.tsv"


def rows() -> list[tuple[str, str, str]]:
    out = []
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        if not name or cp == 0xFEFF:
            continue
        target = unicodedata.normalize("NFKC", ch)
        if target == ch:
            continue
        if target.startswith(" ") and len(target) > 1:
            target = target.strip(" ")
        out.append((ch, target, name))
    return out


def main() -> None:
    lines = ["form\tletters\tname"] + ["\t".join(r) for r in rows()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
