"""Running a cascade's fast plan over many texts at once.

Per-text Python calls, not the rules, dominate the cost of normalizing short lines:
``str.translate`` looks each character up in a dict (about 50 ns a character). A batch
is instead joined into one string with ``BATCH_SEP`` between (and around) the texts,
and each step runs once over it:

* a character map becomes a numpy look-up table over the UTF-16 code units (a copy
  and a compress drop the deleted characters); adjacent maps compose into one;
* a regex substitution runs with its separator-aware pattern (``^``/``$`` are the
  separator, ``ANY`` never matches it), and is skipped when none of its needles can
  occur: first judged from the set of characters present, then by substring search.

The result is split on the separator. Whatever this path cannot do exactly (a text
holding the separator or a lone surrogate, a map over non-BMP characters) falls back
to the text-by-text runtime, which tests/test_batch.py proves this one equal to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from arabic_nlp.fst.fastpath import BATCH_SEP, FastStep, Substitute, Translate

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Below this many characters a batch runs text by text (numpy's set-up costs more).
MIN_BATCH_CHARS = 4096
# Texts are joined into pieces of about this many characters (bounds peak memory).
PIECE_CHARS = 1 << 20
_SEP_UNIT = ord(BATCH_SEP)


@dataclass
class _Table:
    """A character map as numpy look-up tables over UTF-16 code units."""

    lut: npt.NDArray[np.uint16]  # unit -> unit (identity for unmapped and multi-char keys)
    keep: npt.NDArray[np.bool_]  # False for deleted units
    deletes: bool
    multi: dict[str, str]  # keys whose output is longer than one character
    multi_re: re.Pattern[str] | None
    image: Callable[[frozenset[int]], frozenset[int]]  # units present after the map

    @classmethod
    def build(cls, table: dict[int, str]) -> _Table | None:
        """The vectorized form of ``table``, or None when it maps non-BMP characters."""
        import numpy as np

        lut = np.arange(65536, dtype=np.uint16)
        keep = np.ones(65536, dtype=np.bool_)
        multi: dict[str, str] = {}
        for cp, out in table.items():
            if cp > 0xFFFF or 0xD800 <= cp <= 0xDFFF or any(ord(c) > 0xFFFF for c in out):
                return None
            if out == "":
                keep[cp] = False
            elif len(out) == 1:
                lut[cp] = ord(out)
            else:
                multi[chr(cp)] = out
        # Multi-character outputs are put in by a second pass that must not meet the
        # first pass's outputs.
        if any(out in multi for out in table.values()):
            return None
        pattern = re.compile("[" + "".join(map(re.escape, multi)) + "]") if multi else None

        def image(units: frozenset[int]) -> frozenset[int]:
            out: set[int] = set()
            for u in units:
                out.update(ord(c) for c in table.get(u, chr(u)))
            return frozenset(out)

        return cls(lut, keep, not bool(keep.all()), multi, pattern, image)

    def apply(self, text: str, present: frozenset[int]) -> str:
        """Map ``text``, whose characters (UTF-16 units) are among ``present``."""
        import numpy as np

        units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        mapped = np.take(self.lut, units)
        if self.deletes:
            mapped = np.compress(np.take(self.keep, units), mapped)
        out = mapped.tobytes().decode("utf-16-le", "surrogatepass")
        if self.multi_re is not None and any(ord(c) in present for c in self.multi):
            multi = self.multi
            out = self.multi_re.sub(lambda m: multi[m.group()], out)
        return out


class BatchPlan:
    """A fully fast cascade plan, run over a joined batch (see the module docstring)."""

    def __init__(self, plan: Sequence[FastStep]) -> None:
        self.steps = list(plan)
        self._merged: dict[tuple[int, ...], _Table | None] = {}

    @cached_property
    def usable(self) -> bool:
        """False when a step could touch the separator (the grammar names U+FDD2)."""
        for step in self.steps:
            if isinstance(step, Translate) and _SEP_UNIT in step.table:
                return False
            if isinstance(step, Substitute) and (
                    step.batch_pattern is None or any(BATCH_SEP in s for s in step.inputs)):
                return False
        return True

    def _table(self, group: tuple[int, ...]) -> _Table | None:
        if group not in self._merged:
            merged = self.steps[group[0]]
            assert isinstance(merged, Translate)
            for k in group[1:]:
                step = self.steps[k]
                assert isinstance(step, Translate)
                merged = merged.then(step)
            self._merged[group] = _Table.build(merged.table)
        return self._merged[group]

    def run(self, texts: list[str]) -> list[str] | None:
        """Outputs for ``texts`` in order, or None when this batch must go text by text."""
        if not self.usable:
            return None
        out: list[str] = []
        start, size = 0, 0
        for end, text in enumerate(texts, start=1):
            size += len(text) + 1
            if size >= PIECE_CHARS or end == len(texts):
                got = self._run_piece(texts[start:end])
                if got is None:
                    return None
                out += got
                start, size = end, 0
        return out

    def _run_piece(self, texts: list[str]) -> list[str] | None:
        import numpy as np

        joined = BATCH_SEP + BATCH_SEP.join(texts) + BATCH_SEP
        try:
            units = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16)
        except UnicodeEncodeError:
            return None  # a lone surrogate: the per-text path names it
        counts = np.bincount(units, minlength=65536)
        if counts[_SEP_UNIT] != len(texts) + 1:
            return None  # a text holds the separator itself
        # Characters (UTF-16 units) of ``text``, and of text once ``pending`` maps ran.
        in_text: frozenset[int] = frozenset(np.flatnonzero(counts).tolist())
        present = in_text
        pending: list[int] = []  # translate steps not applied yet (they compose)
        text = joined
        for k, step in enumerate([*self.steps, None]):
            if isinstance(step, Translate):
                table = self._table((k,))
                if table is None:
                    return None
                pending.append(k)
                present = table.image(present)
                continue
            if step is not None and not _may_fire(step, present):
                continue  # skipped: the maps on either side compose
            if pending:
                table = self._table(tuple(pending))
                if table is None:
                    return None
                text = table.apply(text, in_text)
                pending, in_text = [], present
            if step is None:
                break
            if step.needles is not None and not any(n in text for n in step.needles):
                continue
            assert step.batch_pattern is not None
            text = step.batch_pattern.sub(step.replace, text)
            present = in_text = present | frozenset(ord(c) for o in step.outputs for c in o)
        parts = text.split(BATCH_SEP)
        if len(parts) != len(texts) + 2:
            return None
        return parts[1:-1]


def _may_fire(step: Substitute, present: frozenset[int]) -> bool:
    """False when some character of every needle (or input) is absent from the text."""
    candidates = step.needles if step.needles is not None else step.inputs
    return any(all(ord(c) in present or ord(c) > 0xFFFF for c in s) for s in candidates)
