"""Cutting long text into windows at sentence/clause punctuation.

Training cuts the long corpus lines into windows of a few hundred characters;
inference cuts long input the same way and gives each window some context on
both sides (the *overlap*), whose predictions are thrown away.  Each window is
bounded, so the cost of a 100k-character line is linear in its length and the
memory of one batch does not depend on it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_CLAUSE_END = re.compile(r"[.،,؛;:؟?!»)\]}\n]+(?=\s|$)")
_SPACE = re.compile(r"\s")


def _boundaries(text: str) -> tuple[list[int], list[int]]:
    clauses = [m.end() for m in _CLAUSE_END.finditer(text)]
    spaces = [m.start() for m in _SPACE.finditer(text)]
    return clauses, spaces


def pack_spans(text: str, max_len: int, targets: list[int] | None = None) -> list[tuple[int, int]]:
    """Cover ``text`` with consecutive spans of at most ``max_len`` characters.

    A span ends after clause punctuation where possible, else at a space,
    else (one unbroken 'word' longer than the window) at exactly ``max_len``.
    ``targets`` (training only) gives a smaller length goal for successive spans.
    """
    if max_len < 1:
        raise ValueError("max_len must be positive")
    n = len(text)
    if n <= max_len and not targets:
        return [(0, n)] if n else []
    clauses, spaces = _boundaries(text)
    spans: list[tuple[int, int]] = []
    start = 0
    k = 0
    while start < n:
        goal = max_len
        if targets:
            goal = max(1, min(max_len, targets[k % len(targets)]))
            k += 1
        limit = start + goal
        if limit >= n:
            spans.append((start, n))
            break
        end = 0
        i = bisect.bisect_right(clauses, limit) - 1
        if i >= 0 and clauses[i] > start + goal // 4:
            end = clauses[i]
        else:
            j = bisect.bisect_right(spaces, limit) - 1
            if j >= 0 and spaces[j] > start:
                end = spaces[j]
        if end <= start:
            end = limit
        spans.append((start, end))
        start = end
    return spans


@dataclass(frozen=True)
class Window:
    """A span read by the network (``start:end``) and the part kept (``core``)."""

    start: int
    end: int
    core_start: int
    core_end: int


def context_windows(text: str, max_len: int, overlap: int) -> list[Window]:
    """Windows of at most ``max_len`` chars whose cores tile ``text`` exactly.

    Text that fits is one window.  Longer text is cut into cores of at most
    ``max_len - 2 * overlap`` characters at clause boundaries, and each core is
    read with up to ``overlap`` characters of its neighbours on either side
    (trimmed to whole words) so that words at a cut still see their context.
    """
    n = len(text)
    if n <= max_len:
        return [Window(0, n, 0, n)] if n else []
    overlap = max(0, min(overlap, (max_len - 1) // 4))
    core_len = max_len - 2 * overlap
    _, spaces = _boundaries(text)
    out: list[Window] = []
    for cs, ce in pack_spans(text, core_len):
        ws = max(0, cs - overlap)
        if ws > 0:  # start the left context at a word start
            j = bisect.bisect_left(spaces, ws)
            if j < len(spaces) and spaces[j] < cs:
                ws = spaces[j] + 1
        we = min(n, ce + overlap)
        if we < n:  # end the right context at a word end
            j = bisect.bisect_right(spaces, we) - 1
            if j >= 0 and spaces[j] > ce:
                we = spaces[j]
        out.append(Window(ws, we, cs, ce))
    return out
