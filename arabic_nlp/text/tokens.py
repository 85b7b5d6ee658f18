"""The token type the affix tokenizer produces, and the inverse of tokenizing.

A token has a *text* form for models (a restored stem such as أغنية, a suffix
marked ``+ي``, a prefix marked ``ب+``) and a *surface* form: the exact slice
``original[start:end]``. Whitespace is never a token: each token keeps the
whitespace that follows it (``space``), and whitespace at the very start of a
text becomes one token of kind ``space``. So :func:`detokenize` needs nothing
but the tokens to give the original text back, character for character.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from arabic_nlp.errors import InputError

KINDS = ("stem", "suffix", "prefix", "punct", "number", "latin", "other", "space")
SUFFIX_MARK = "+"  # written before a suffix (+ي) and after a prefix (ب+)


class Token(NamedTuple):
    """One token: model-facing ``text``, offsets and ``surface`` in the original, ``kind``."""

    text: str
    start: int
    end: int
    kind: str
    surface: str
    space: str = ""

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.kind!r})"


def detokenize(tokens: Iterable[Token]) -> str:
    """The original text: every token's surface followed by its whitespace, in order.

    Raises InputError when the tokens do not tile a text (a gap or an overlap
    between one token's end and the next token's start).
    """
    parts: list[str] = []
    pos = 0
    for i, tok in enumerate(tokens):
        if tok.start != pos:
            raise InputError(f"tokens[{i}] starts at {tok.start}, expected {pos}: tokens must "
                             "come in order, as tokenize() returned them")
        if tok.end - tok.start != len(tok.surface):
            raise InputError(f"tokens[{i}]: surface {tok.surface!r} does not span "
                             f"{tok.start}..{tok.end}")
        parts.append(tok.surface)
        parts.append(tok.space)
        pos = tok.end + len(tok.space)
    return "".join(parts)


def model_texts(tokens: Iterable[Token]) -> list[str]:
    """The token texts a model vocabulary sees (``space`` tokens left out)."""
    return [t.text for t in tokens if t.kind != "space"]
