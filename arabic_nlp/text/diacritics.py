"""Diacritics: the marks, the 15 classes, and the passthrough rule every diacritizer obeys.

The passthrough rule (``apply_constraints``) turns the raw output of any diacritizer,
ours or a peer's, into text whose characters are exactly the input's, with marks
added only on Arabic letters that the input left bare. See docs/diacritizer.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

FATHATAN, DAMMATAN, KASRATAN = "\u064b", "\u064c", "\u064d"
FATHA, DAMMA, KASRA, SHADDA, SUKUN = "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"

#: The eight marks a diacritizer predicts (U+064B..U+0652). U+0653 maddah, U+0654/5
#: hamza, U+0670 dagger alef and U+0640 tatweel are *not* in it: they are part of
#: the text like letters, pass through every system unchanged and are never added.
DIACRITICS: frozenset[str] = frozenset(chr(c) for c in range(0x064B, 0x0653))
#: The marks other than shaddah, in class order.
VOWELS: tuple[str, ...] = (FATHA, DAMMA, KASRA, SUKUN, FATHATAN, DAMMATAN, KASRATAN)

#: The 15 diacritic classes of a letter, as the marks written after it (shaddah
#: first): the Fadel et al. 2019 classes. Shaddah + sukun is not a class.
CLASSES: tuple[str, ...] = (
    "", FATHA, DAMMA, KASRA, SUKUN, FATHATAN, DAMMATAN, KASRATAN, SHADDA,
    SHADDA + FATHA, SHADDA + DAMMA, SHADDA + KASRA,
    SHADDA + FATHATAN, SHADDA + DAMMATAN, SHADDA + KASRATAN,
)
CLASS_NAMES: tuple[str, ...] = (
    "none", "fatha", "damma", "kasra", "sukun", "fathatan", "dammatan", "kasratan",
    "shadda", "shadda+fatha", "shadda+damma", "shadda+kasra",
    "shadda+fathatan", "shadda+dammatan", "shadda+kasratan",
)
_CLASS_INDEX = {marks: i for i, marks in enumerate(CLASSES)}

#: Letters that may stay bare inside a fully diacritized word (long vowels, wasla, إ).
_ALWAYS_BARE = frozenset("اىآٱإ")
_TRANSLATE_STRIP = {ord(c): None for c in DIACRITICS}


@cache
def _letters() -> frozenset[str]:
    ranges = ((0x0620, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))
    return frozenset(chr(c) for lo, hi in ranges for c in range(lo, hi + 1)
                     if unicodedata.category(chr(c)) == "Lo")


def is_arabic_letter(ch: str) -> bool:
    """Whether ``ch`` is an Arabic letter that can carry a diacritic.

    Letters (category Lo) of the Arabic blocks: the 36 of Fadel's list, ٱ, and
    extended letters such as Gulf چ گ ڨ; not tatweel, digits or punctuation.
    """
    return ch in _letters()


def strip_diacritics(text: str) -> str:
    """``text`` without the eight marks of ``DIACRITICS`` (all else unchanged)."""
    return text.translate(_TRANSLATE_STRIP)


def canonical_marks(marks: str) -> str:
    """One letter's marks as its class string: shaddah first, then the first other mark.

    This is how Fadel's scorer reads a run of marks (a second vowel is ignored);
    shaddah + sukun reads as shaddah.
    """
    if not marks:
        return ""
    vowel = next((m for m in marks if m != SHADDA and m in DIACRITICS), "")
    if SHADDA in marks:
        return SHADDA if vowel == SUKUN else SHADDA + vowel
    return vowel


def mark_class(marks: str) -> int:
    """Index into ``CLASSES`` of one letter's marks (any order, repeats ignored)."""
    return _CLASS_INDEX[canonical_marks(marks)]


def split_marks(text: str) -> tuple[str, str, list[str]]:
    """``(leading, base, marks)``: marks before the first other character, the text
    without diacritics, and for each character of ``base`` the marks written after it."""
    lead = 0
    while lead < len(text) and text[lead] in DIACRITICS:
        lead += 1
    base: list[str] = []
    marks: list[str] = []
    for ch in text[lead:]:
        if ch in DIACRITICS:
            marks[-1] += ch
        else:
            base.append(ch)
            marks.append("")
    return text[:lead], "".join(base), marks


# ------------------------------------------------------------------ alignment

_SYNC = 3      # characters that must agree after an edit to call the strings in step again
_WINDOW = 48   # largest edit (in characters on either side) looked for before giving up


def align(a: str, b: str) -> list[int]:
    """For each index of ``a``, the index of the character of ``b`` it pairs with, or -1.

    Linear-time greedy alignment for two texts that differ by a few local edits (a
    peer that changed a hamza, dropped a letter, added a space). After a mismatch it
    looks for the cheapest edit ``(skip i in a, skip j in b)`` after which ``_SYNC``
    characters agree; equal skips pair position by position (substitutions), unequal
    ones leave the skipped characters of ``a`` unpaired.
    """
    n, m = len(a), len(b)
    if a == b:
        return list(range(n))
    pairs = [-1] * n
    i = j = 0
    blind = 0  # after a failed search, pair blindly for a while (keeps the cost linear)
    while i < n and j < m:
        if a[i] == b[j]:
            pairs[i] = j
            i += 1
            j += 1
            continue
        step = None if blind else _resync(a, b, i, j)
        if step is None:
            blind = blind - 1 if blind else _WINDOW
            pairs[i] = j
            i += 1
            j += 1
            continue
        di, dj = step
        if di == dj:
            for k in range(di):
                pairs[i + k] = j + k
        i += di
        j += dj
    return pairs


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    """Cheapest ``(di, dj)`` (cost ``max``, then ``|di - dj|``) putting a and b in step."""
    n, m = len(a), len(b)
    best: tuple[int, int, int, int] | None = None
    for di in range(min(_WINDOW, n - i) + 1):
        if best is not None and di > best[0]:
            break
        pat = a[i + di:i + di + _SYNC]
        found: list[int] = []
        if len(pat) < _SYNC:  # near the end of a: b must end the same way
            if b.endswith(pat) and m - len(pat) >= j:
                found.append(m - len(pat) - j)
        else:
            if b.startswith(pat, j + di):
                found.append(di)
            k = b.find(pat, j, j + _WINDOW + _SYNC)
            if k >= 0:
                found.append(k - j)
        for dj in found:
            if dj > _WINDOW or (di == 0 and dj == 0):
                continue
            key = (max(di, dj), abs(di - dj), di, dj)
            if best is None or key < best:
                best = key
    return None if best is None else (best[2], best[3])


# ------------------------------------------------------------------ passthrough rule


def _word_spans(base: str) -> Iterator[tuple[int, int]]:
    """Maximal runs of Arabic letters (and tatweel/other combining marks inside them)."""
    start = -1
    for k, ch in enumerate(base):
        inside = is_arabic_letter(ch) or (start >= 0 and (
            ch == "\u0640" or unicodedata.category(ch) == "Mn"))
        if inside and start < 0:
            start = k
        elif not inside and start >= 0:
            yield start, k
            start = -1
    if start >= 0:
        yield start, len(base)


def _complete(base: str, marks: list[str], start: int, end: int) -> bool:
    """Whether the input word ``base[start:end]`` is already fully diacritized.

    Complete: it has a vowel mark, and every letter but the last carries marks or
    is one that full diacritization leaves bare (ا ى آ ٱ, إ whose kasra is implied,
    و after damma, ي after kasra, the ل of the article before a letter with shaddah).
    The last letter may be bare (pausal form).
    """
    letters = [k for k in range(start, end) if is_arabic_letter(base[k])]
    if not any(c in marks[k] for k in letters for c in VOWELS):
        return False
    for pos, k in enumerate(letters[:-1]):
        if marks[k]:
            continue
        ch = base[k]
        if ch in _ALWAYS_BARE:
            continue
        prev = marks[letters[pos - 1]] if pos else ""
        if (ch == "و" and DAMMA in prev) or (ch == "ي" and KASRA in prev):
            continue
        if ch == "ل" and SHADDA in marks[letters[pos + 1]]:
            continue
        return False
    return True


def apply_constraints(original: str, predicted: str) -> str:
    """The passthrough rule: ``predicted``'s marks on ``original``'s characters.

    The result has exactly the characters of ``original`` apart from diacritics
    (``strip_diacritics(result) == strip_diacritics(original)``, always). Marks in
    the input are constraints: a letter that carries marks keeps exactly them,
    except that a letter with only shaddah may gain the predicted vowel; a word
    that is already fully diacritized comes back unchanged. Other Arabic letters
    take the marks predicted for the character they align with (see ``align``:
    a peer's changed hamza still lends its marks, a dropped letter lends none).
    Non-letters never gain marks.
    """
    leading, base, marks = split_marks(original)
    _, p_base, p_marks = split_marks(predicted)
    pairs = align(base, p_base)
    fill = [False] * len(base)
    for start, end in _word_spans(base):
        if not _complete(base, marks, start, end):
            for k in range(start, end):
                fill[k] = True
    out = [leading]
    for k, ch in enumerate(base):
        own = marks[k]
        if fill[k] and is_arabic_letter(ch) and (not own or set(own) == {SHADDA}):
            j = pairs[k]
            if j >= 0 and is_arabic_letter(p_base[j]) and p_marks[j]:
                new = canonical_marks(p_marks[j])
                own = own + new.lstrip(SHADDA) if own else new
        out.append(ch)
        out.append(own)
    return "".join(out)


def changed_letters(original: str, predicted: str) -> tuple[int, int]:
    """Words of ``original`` whose letters ``predicted`` changed: ``(substituted, resized)``.

    ``substituted``: words whose letters were changed one for one (e.g. أ -> ا), so
    that they can still be scored position by position; ``resized``: words where
    letters were dropped or added (their unpaired letters score as bare).
    """
    _, base, _ = split_marks(original)
    _, p_base, _ = split_marks(predicted)
    if base == p_base:
        return 0, 0
    pairs = align(base, p_base)
    substituted = resized = 0
    for start, end in _word_spans(base):
        ks = [k for k in range(start, end) if is_arabic_letter(base[k])]
        if any(pairs[k] < 0 for k in ks) or any(
                pairs[b] - pairs[a] != b - a for a, b in pairwise(ks)):
            resized += 1
        elif any(p_base[pairs[k]] != base[k] for k in ks):
            substituted += 1
    return substituted, resized
