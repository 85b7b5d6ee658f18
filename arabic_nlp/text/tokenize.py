"""Affix tokenization for NLU (grammars/tokenize): split the affixes that carry meaning.

``tokenize("شغل أغنيتي")`` gives ``شغل``, ``أغنية`` and ``+ي``: the possessive "my" is a
token of its own, the stem is restored (ت → ة), and the offsets point into the original
string. Scheme ``nlu`` splits pronoun suffixes only; ``full`` also splits the proclitics
(و ف ب ك ل س and the article), ATB/D3 style.

How: a regex cuts the text into whitespace, Arabic words, numbers, Latin words,
punctuation and other symbols. Each Arabic word is reduced to its key form (no
diacritics, tatweel or joiners; hamzated alefs as ا), segmented by the scheme's grammar
cascade, and the segments are aligned back to the original letters, so token texts keep
the original spelling (hamzas, diacritics) except where a rule restored a letter.
Segmentations are cached per word.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from arabic_nlp.errors import InputError
from arabic_nlp.fst.runtime import Cascade, cascade
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.checks import check_text
from arabic_nlp.text.tokens import SUFFIX_MARK, Token, detokenize, model_texts

SCHEMES = ("nlu", "full")
DEFAULT_SCHEME = "nlu"

# What the text is cut into, in order of preference; the last alternative takes any
# character, so the pieces tile the text.
_ALTERNATIVES = (
    ("space", r"\s+"),
    ("arabic", r"[\u0640\u200c\u200d]*[\p{Arabic}&&\p{L}]"
               r"(?:[\p{Arabic}&&\p{L}]|\p{M}|[\u0640\u200c\u200d])*"),
    ("number", r"\p{Nd}+(?:[.,:/\u066b\u066c]\p{Nd}+)*"),
    ("latin", r"\p{Latin}(?:\p{Latin}|\p{M})*(?:['’\-]\p{Latin}(?:\p{Latin}|\p{M})*)*"),
    ("punct", r"\p{P}"),
    ("other", r"\X"),
)
# Named groups tell a piece's kind; the group-free twin is for fast ``findall``.
_PIECE = regex.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _ALTERNATIVES),
                       regex.V1)
_PIECES = regex.compile("|".join(f"(?:{pat})" for _, pat in _ALTERNATIVES), regex.V1)
# Characters the key form drops: Arabic diacritics and Quranic marks, tatweel, joiners.
_DROPPED = regex.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]")
_ALEFS = str.maketrans("أإآٱ", "اااا")
_CACHE_SIZE = 200_000

# One segment of a cached word: how to build its text (letters of the original word by
# key index, or restored characters), its key span and kind.
_Piece = tuple[tuple[int | str, ...], int, int, str]


@lru_cache(maxsize=4)
def _cascade(scheme: str) -> Cascade:
    if scheme not in SCHEMES:
        raise InputError(f"unknown tokenization scheme {scheme!r}; choose one of: "
                         f"{', '.join(SCHEMES)}")
    path = grammar_file("tokenize", "full.rules" if scheme == "full" else "suffixes.rules")
    return cascade(path, "full" if scheme == "full" else "suffixes")


def _segments(output: str) -> list[tuple[str, str]]:
    """The grammar's output ("ب+ ال+ بيت +ي") as (letters, kind) pairs."""
    out: list[tuple[str, str]] = []
    for part in output.split(" "):
        if not part:
            continue
        if part.startswith(SUFFIX_MARK) and len(part) > 1:
            out.append((part[1:], "suffix"))
        elif part.endswith(SUFFIX_MARK) and len(part) > 1:
            out.append((part[:-1], "prefix"))
        else:
            out.append((part, "stem"))
    return out


def align_segments(key: str, segments: list[tuple[str, str]]) -> list[_Piece]:
    """Key spans of segments whose letters, joined, are ``key`` up to restored letters.

    Each segment gets a contiguous span (the spans tile the key); its text template
    takes the key index where a letter is unchanged and the literal letter where a rule
    restored or inserted one (أغنيت + ي → أغنية: the final ة is literal).
    """
    joined = "".join(text for text, _ in segments)
    owner: list[int] = []  # segment of each joined character
    for k, (text, _) in enumerate(segments):
        owner.extend([k] * len(text))
    source: list[int | None] = [None] * len(joined)  # key index of each joined char
    equal: list[bool] = [False] * len(joined)
    matcher = difflib.SequenceMatcher(None, key, joined, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or tag == "replace":
            for d in range(j2 - j1):
                source[j1 + d] = i1 + d if i1 + d < i2 else None
                equal[j1 + d] = tag == "equal"
    bounds: list[int] = []
    pos = 0
    for k in range(len(segments)):
        idx = [src for j, src in enumerate(source) if owner[j] == k and src is not None]
        end = max(idx) + 1 if idx else pos
        end = max(end, pos)
        bounds.append(end)
        pos = end
    if bounds:
        bounds[-1] = len(key)
    pieces: list[_Piece] = []
    start = 0
    for k, (_, kind) in enumerate(segments):
        end = bounds[k]
        template: list[int | str] = []
        for j in range(len(joined)):
            if owner[j] != k:
                continue
            src = source[j]
            template.append(src if equal[j] and src is not None else joined[j])
        pieces.append((tuple(template), start, end, kind))
        start = end
    return pieces


def _key(word: str) -> tuple[str, list[int]]:
    """The key form of an Arabic word and, for each key letter, its index in ``word``."""
    if _DROPPED.search(word) is None:
        return word.translate(_ALEFS), list(range(len(word)))
    letters: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(word):
        if _DROPPED.match(ch) is None:
            letters.append(ch)
            where.append(i)
    return "".join(letters).translate(_ALEFS), where


def key_form(word: str) -> str:
    """The form the grammars and lexicons see: no diacritics, tatweel or joiners, and
    hamzated alefs as bare ا (أغنيتي → اغنيتي)."""
    return _key(word)[0]


def segmentation_starts(surface: str, segmentation: str) -> list[int]:
    """Start offsets in ``surface`` of the tokens of a written segmentation ("أغنية +ي"),
    aligned the way the tokenizer aligns its own output (used to score gold files)."""
    key, where = _key(surface)
    segments = [(_DROPPED.sub("", text).translate(_ALEFS), kind)
                for text, kind in _segments(segmentation)]
    if not key or not segments:
        return [0]
    starts = [*where, len(surface)]
    starts[0] = 0
    return [starts[k0] for _, k0, _, _ in align_segments(key, segments)]


class Tokenizer:
    """The affix tokenizer of one scheme, with its per-word segmentation cache."""

    def __init__(self, scheme: str = DEFAULT_SCHEME) -> None:
        self.scheme = scheme
        self.cascade = _cascade(scheme)
        self._segment = lru_cache(maxsize=_CACHE_SIZE)(self._segment_key)
        self._words: dict[str, tuple[tuple[str, int, int, str], ...]] = {}

    def _segment_key(self, key: str) -> tuple[_Piece, ...]:
        out = self.cascade.apply(key)
        segments = _segments(out)
        if not segments:
            return ((tuple(range(len(key))), 0, len(key), "stem"),)
        return tuple(align_segments(key, segments))

    def word(self, word: str, base: int) -> list[Token]:
        """Tokens of one Arabic word that starts at offset ``base`` of the text."""
        key, where = _key(word)
        if not key:
            return [Token(word, base, base + len(word), "other", word)]
        pieces = self._segment(key)
        if len(pieces) == 1 and pieces[0][3] == "stem" and len(pieces[0][0]) == len(key) \
                and all(isinstance(x, int) for x in pieces[0][0]):
            return [Token(word, base, base + len(word), "stem", word)]
        # Surface slice of each key letter: the letter and the marks that follow it.
        starts = [*where, len(word)]
        starts[0] = 0
        tokens: list[Token] = []
        for template, k0, k1, kind in pieces:
            s, e = starts[k0], starts[k1]
            text = "".join(word[starts[x]:starts[x + 1]] if isinstance(x, int) else x
                           for x in template)
            if kind == "suffix":
                text = SUFFIX_MARK + text
            elif kind == "prefix":
                text = text + SUFFIX_MARK
            tokens.append(Token(text, base + s, base + e, kind, word[s:e]))
        return tokens

    def __call__(self, text: str) -> list[Token]:
        return self.tokenize(text)

    def _word_pieces(self, word: str) -> tuple[tuple[str, int, int, str], ...]:
        """(text, start, end, kind) of a word's tokens relative to the word; cached."""
        got = self._words.get(word)
        if got is None:
            got = tuple((t.text, t.start, t.end, t.kind) for t in self.word(word, 0))
            if len(self._words) >= _CACHE_SIZE:
                self._words.clear()
            self._words[word] = got
        return got

    def tokenize(self, text: str) -> list[Token]:
        """Tokens of ``text`` (see the module docstring); ``detokenize`` inverts it."""
        tokens: list[Token] = []
        new = tuple.__new__
        pos = 0
        kind_of = _kind_of
        for piece in _PIECES.findall(text):
            start, pos = pos, pos + len(piece)
            kind = kind_of.get(piece[0]) or _kind(piece)
            if kind == "arabic":
                for t_text, s, e, t_kind in self._word_pieces(piece):
                    tokens.append(new(Token, (t_text, start + s, start + e, t_kind,
                                              piece[s:e], "")))
            elif kind == "space":
                if tokens:
                    last = tokens[-1]
                    tokens[-1] = new(Token, (last[0], last[1], last[2], last[3], last[4], piece))
                else:
                    tokens.append(new(Token, (piece, start, pos, "space", piece, "")))
            else:
                tokens.append(new(Token, (piece, start, pos, kind, piece, "")))
        return tokens


def _kind(piece: str) -> str:
    """The kind of a piece cut by ``_PIECES`` (named groups say which alternative matched)."""
    m = _PIECE.fullmatch(piece)
    kind = (m.lastgroup if m is not None else None) or "other"
    if piece[0] not in "\u0640\u200c\u200d":
        _kind_of[piece[0]] = kind  # any other character always starts the same kind
    return kind


# First character -> kind of the piece it starts, filled as pieces are seen (see _kind).
_kind_of: dict[str, str] = {}


@lru_cache(maxsize=4)
def tokenizer(scheme: str = DEFAULT_SCHEME) -> Tokenizer:
    """The shared :class:`Tokenizer` of a scheme."""
    return Tokenizer(scheme)


def tokenize(text: str, scheme: str = DEFAULT_SCHEME) -> list[Token]:
    """Split ``text`` into tokens, pronoun suffixes (and with ``full``, prefixes) apart."""
    return tokenizer(scheme).tokenize(check_text(text))


def tokenize_batch(texts: Iterable[str], scheme: str = DEFAULT_SCHEME) -> list[list[Token]]:
    """Tokens of many texts; same as :func:`tokenize` on each."""
    tok = tokenizer(scheme).tokenize
    return [tok(check_text(t, f"texts[{i}]")) for i, t in enumerate(texts)]


def tokenize_lines(lines: Iterable[str], scheme: str = DEFAULT_SCHEME) -> Iterator[str]:
    """Each line as its model token texts joined by spaces (the CLI's text format)."""
    tok = tokenizer(scheme).tokenize
    for line in lines:
        body = line.rstrip("\r\n")
        yield " ".join(model_texts(tok(body))) + line[len(body):]


__all__ = ["SCHEMES", "Token", "Tokenizer", "detokenize", "model_texts",
           "segmentation_starts", "tokenize", "tokenize_batch", "tokenize_lines", "tokenizer"]
