"""The character model shared by the FST and the fast runtime.

FSTs only know the characters a grammar mentions. Every other character is
replaced, before an FST runs, by one of two placeholders (a word character or
not), and put back afterwards. Both runtimes classify characters with the same
predicate, so ``#`` (word boundary) means the same thing in both.
"""

from __future__ import annotations

import regex

OTHER_WORD = "\ufdd0"  # stands for any unknown letter, mark or digit
OTHER_NONWORD = "\ufdd1"  # stands for any unknown space, punctuation or symbol
PLACEHOLDERS = frozenset((OTHER_WORD, OTHER_NONWORD))
WORD_CLASS = r"\p{L}\p{M}\p{N}\u200c\u200d"  # letters, marks, digits, ZWNJ/ZWJ
_WORD = regex.compile(f"[{WORD_CLASS}]")
NONWORD_RE = f"[^{WORD_CLASS}]"


def is_word_char(ch: str) -> bool:
    """True for characters that belong inside words (what ``#`` does not match)."""
    return _WORD.match(ch) is not None


def encode(text: str, alphabet: frozenset[str]) -> tuple[str, list[str]]:
    """Replace characters outside ``alphabet`` with placeholders; return them in order."""
    unknown: list[str] = []
    out: list[str] = []
    for ch in text:
        if ch in alphabet:
            out.append(ch)
        else:
            unknown.append(ch)
            out.append(OTHER_WORD if is_word_char(ch) else OTHER_NONWORD)
    return "".join(out), unknown


def decode(text: str, unknown: list[str]) -> str:
    """Put back the characters that :func:`encode` replaced."""
    if not unknown:
        return text
    it = iter(unknown)
    out = [next(it) if ch in PLACEHOLDERS else ch for ch in text]
    return "".join(out)
