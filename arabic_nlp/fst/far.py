"""Export compiled cascades to an OpenFst FAR archive, for Thrax/OpenFst/Sparrowhawk users.

Keys are ``<file stem>.<cascade>``. The FSTs use UTF-8 code points as labels;
characters a grammar never mentions must be mapped by the caller to U+FDD0
(letters, marks, digits) or U+FDD1 (anything else) before composition, as the
library itself does (see arabic_nlp.fst.alphabet).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pynini

from arabic_nlp.fst.compiler import FstCompiler
from arabic_nlp.fst.runtime import grammar
from arabic_nlp.fst.testing import rule_files


def export_far(paths: Iterable[str | Path], out: str | Path,
               cascades: Iterable[str] | None = None) -> list[str]:
    """Write the cascades each rule file defines (or only ``cascades``) to ``out``; return keys."""
    wanted = set(cascades) if cascades is not None else None
    entries: dict[str, pynini.Fst] = {}
    for path in rule_files(paths):
        g = grammar(path)
        comp = FstCompiler(g)
        own = [n for n, c in g.cascades.items() if Path(c.pos.file).resolve() == path.resolve()]
        for name in own:  # cascades this file defines; imported ones are exported by their file
            if wanted is None or name in wanted:
                entries[f"{path.stem}.{name}"] = comp.composed(name)
    keys = sorted(entries)
    with pynini.Far(str(out), mode="w", arc_type="standard", far_type="default") as far:
        for key in keys:
            far[key] = entries[key]
    return keys
