"""Character vocabulary and label encoding of the diacritizer's 15 classes.

The network reads undiacritized characters and predicts, for every character,
one of the 15 classes of ``arabic_nlp.text.diacritics.CLASSES``: nothing, one of
the six short vowels/tanween or sukun, shaddah alone, or shaddah followed by one
of the six vowels/tanween.  The same
module turns diacritized training text into (characters, labels) and labels
back into text, so training, export and inference cannot disagree on the
encoding.  Only numpy is needed here (no torch), because inference uses it too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from arabic_nlp.errors import InputError
from arabic_nlp.text.diacritics import (
    CLASS_NAMES,
    CLASSES,
    DAMMA,
    DAMMATAN,
    DIACRITICS,
    FATHA,
    FATHATAN,
    KASRA,
    KASRATAN,
    SHADDA,
    SUKUN,
)

HARAKAT = DIACRITICS
NUM_CLASSES = len(CLASSES)
#: Label of a position the loss ignores (non-letters, words left undiacritized).
IGNORE = -100

#: Combining marks that are not one of the eight harakat; they stay attached to
#: their letter untouched (maddah, hamza above/below, dagger alef, Qur'anic signs).
_OTHER_MARKS = "\u0653-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
_MARKS_RE = "\u064b-\u0652" + _OTHER_MARKS
_UNIT = re.compile(f"(.)([{_MARKS_RE}]*)", re.S)
_ANY_MARK = re.compile(f"[{_MARKS_RE}]")

ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱ"
PUNCTUATION = ".،,؛;:؟?!()[]{}«»\"'-/*_–…&%#+=<>|@$"
#: Letters outside MSA spelling (Gulf/Persian/Maghrebi) read as their nearest MSA
#: letter, so Gulf words such as چذي (= كذا) get a plausible vocalization.
FOLD = {
    "چ": "ك", "گ": "ق", "ڤ": "ف", "ڨ": "ق", "پ": "ب", "ژ": "ز", "ی": "ي", "ې": "ي",
    "ک": "ك", "ڪ": "ك", "ە": "ه", "ھ": "ه", "ۀ": "ه", "ۃ": "ة",
    "ٲ": "أ", "ٳ": "إ", "ٵ": "أ", "ۆ": "و", "ۇ": "و", "ڭ": "ك",
}
_SPECIALS = ("<pad>", "<unk>", " ", "<latin>", "<digit>", "ـ")
PAD, UNK, SPACE, LATIN, DIGIT, TATWEEL_ID = range(6)


@dataclass(frozen=True)
class Vocab:
    """Characters the network knows, with the folding of every other character.

    ``chars[i]`` is the character of input id ``i`` (the first six are special);
    ``fold`` maps characters outside the list to one inside it.  Saved next to
    the ONNX file as JSON so a shipped model carries its own alphabet.
    """

    chars: tuple[str, ...]
    fold: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.chars)

    def to_json(self) -> dict[str, Any]:
        return {"chars": list(self.chars), "fold": dict(self.fold),
                "classes": list(CLASSES), "class_names": list(CLASS_NAMES)}

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "<vocab>") -> Vocab:
        try:
            chars = tuple(str(c) for c in data["chars"])
            fold = {str(k): str(v) for k, v in dict(data.get("fold", {})).items()}
            classes = list(data.get("classes", CLASSES))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{source}: bad vocabulary JSON ({exc!r})") from None
        if classes != list(CLASSES):
            raise InputError(f"{source}: field 'classes' differs from this version's "
                             f"{NUM_CLASSES} diacritic classes")
        if chars[: len(_SPECIALS)] != _SPECIALS:
            raise InputError(f"{source}: field 'chars' must start with {list(_SPECIALS)}")
        return cls(chars, fold)

    @property
    def _table(self) -> dict[int, str]:
        return _translate_table(self.chars, tuple(sorted(self.fold.items())))

    @property
    def letter_ids(self) -> npt.NDArray[np.bool_]:
        """``letter_ids[i]`` is true when input id ``i`` is a letter that takes marks."""
        return _letter_mask(self.chars)

    def encode(self, bases: str) -> npt.NDArray[np.int64]:
        """Input ids of an undiacritized string, one per character (unknown -> UNK)."""
        if not bases:
            return np.zeros(0, dtype=np.int64)
        mapped = bases.translate(self._table).encode("utf-32-le", "surrogatepass")
        ids = np.frombuffer(mapped, dtype=np.uint32).astype(np.int64)
        ids[ids >= len(self.chars)] = UNK
        return ids


def default_vocab() -> Vocab:
    """The vocabulary used by every config of this version."""
    return Vocab(_SPECIALS + tuple(ARABIC_LETTERS) + tuple(PUNCTUATION), dict(FOLD))


@lru_cache(maxsize=8)
def _translate_table(chars: tuple[str, ...], fold: tuple[tuple[str, str], ...]) -> dict[int, str]:
    index = {c: i for i, c in enumerate(chars)}
    table: dict[int, str] = {}
    # Every code point below the vocabulary size must be mapped explicitly, or
    # ``translate`` would leave it as a valid-looking id.
    for cp in range(max(len(chars), 0x80)):
        table[cp] = chr(UNK)
    for cp in range(0x250):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            table[cp] = chr(LATIN)
        elif cat == "Nd":
            table[cp] = chr(DIGIT)
        elif cat.startswith("Z") or ch in "\t\n\r\x0b\x0c":
            table[cp] = chr(SPACE)
    for cp in range(0x660, 0x66A):  # Arabic-Indic digits
        table[cp] = chr(DIGIT)
    for cp in range(0x6F0, 0x6FA):  # Eastern Arabic-Indic digits
        table[cp] = chr(DIGIT)
    table[0x066B] = table[0x066C] = chr(index.get(",", UNK))
    table[0x066A] = chr(index.get("%", UNK))
    for src, dst in fold:
        if len(src) == 1 and dst in index:
            table[ord(src)] = chr(index[dst])
    for ch, i in index.items():
        if len(ch) == 1:
            table[ord(ch)] = chr(i)
    table[ord(" ")] = chr(SPACE)
    return table


@lru_cache(maxsize=8)
def _letter_mask(chars: tuple[str, ...]) -> npt.NDArray[np.bool_]:
    return np.array([c in ARABIC_LETTERS for c in chars], dtype=np.bool_)


def marks_to_class(marks: str) -> int | None:
    """Class of a run of harakat written after one letter, in any order.

    Returns None for runs that name no single class (two different vowels,
    shaddah with sukun): those letters are left out of training and kept as
    they are at inference.
    """
    return _marks_to_class(marks)


@lru_cache(maxsize=512)
def _marks_to_class(marks: str) -> int | None:
    if not marks:
        return 0
    shadda = SHADDA in marks
    vowels = {m for m in marks if m != SHADDA}
    if len(vowels) > 1:
        return None
    if not vowels:
        return CLASSES.index(SHADDA)
    vowel = vowels.pop()
    if shadda and vowel == SUKUN:
        return None
    return CLASSES.index(SHADDA + vowel if shadda else vowel)


@lru_cache(maxsize=512)
def allowed_classes(marks: str) -> npt.NDArray[np.bool_]:
    """Classes compatible with the harakat a letter already carries in the input.

    Shaddah alone allows only the shaddah classes; a vowel or tanween allows it
    with or without shaddah; sukun or a complete shaddah+vowel allows only
    itself.  No marks (or an unreadable run) allows every class.
    """
    allowed = np.ones(NUM_CLASSES, dtype=np.bool_)
    cls = _marks_to_class(marks)
    if not marks or cls is None:
        return allowed
    allowed[:] = False
    name = CLASSES[cls]
    if name == SHADDA:
        allowed[CLASSES.index(SHADDA):] = True
    elif name in (FATHA, DAMMA, KASRA, FATHATAN, DAMMATAN, KASRATAN):
        allowed[cls] = True
        allowed[CLASSES.index(SHADDA + name)] = True
    else:
        allowed[cls] = True
    allowed.setflags(write=False)
    return allowed


@dataclass(frozen=True)
class Encoded:
    """One diacritized string as network input and labels (same length)."""

    bases: str
    labels: npt.NDArray[np.int64]


def encode_diacritized(text: str, vocab: Vocab, *, mask_bare_words: bool = True) -> Encoded:
    """Undiacritized characters and per-character class labels of ``text``.

    Characters that are not Arabic letters get :data:`IGNORE`; so do the letters
    of a word that carries no haraka at all (the hadith files leave formulas
    such as صلى الله عليه وسلم bare: "no mark" there means "not annotated").
    Marks before the first letter are dropped.  With ``mask_bare_words=False``
    every letter is labelled (what evaluation wants).
    """
    units = _UNIT.findall(text)
    if units and units[0][0] in HARAKAT:
        units = units[1:]
    bases = "".join(u[0] for u in units)
    n = len(bases)
    labels = np.full(n, IGNORE, dtype=np.int64)
    if n == 0:
        return Encoded(bases, labels)
    letters = vocab.letter_ids[vocab.encode(bases)]
    marked = np.zeros(n, dtype=np.bool_)
    for i, (_, marks) in enumerate(units):
        if marks:
            harakat = "".join(m for m in marks if m in HARAKAT)
            marked[i] = bool(harakat)
            cls = _marks_to_class(harakat)
            labels[i] = IGNORE if cls is None else cls
        else:
            labels[i] = 0
    if not mask_bare_words:
        labels[~letters] = IGNORE
        return Encoded(bases, labels)
    # words = maximal runs of letters; a word without any mark is unannotated
    word = np.cumsum(~letters)
    has_mark = np.bincount(word[letters], weights=marked[letters], minlength=int(word[-1]) + 1)
    keep = letters & (has_mark[word] > 0)
    labels[~keep] = IGNORE
    return Encoded(bases, labels)


def decode(bases: str, classes: Sequence[int] | npt.NDArray[np.int64], vocab: Vocab) -> str:
    """Write class marks after the letters of ``bases`` (non-letters get none)."""
    letters = vocab.letter_ids[vocab.encode(bases)]
    out: list[str] = []
    for ch, is_letter, cls in zip(bases, letters, classes, strict=True):
        out.append(ch + CLASSES[int(cls)] if is_letter else ch)
    return "".join(out)


@dataclass
class Units:
    """A text split into characters with the marks they already carry.

    ``bases`` has one character per unit (what the network reads) and
    ``marks[i]`` is the run of combining marks written after ``bases[i]`` in
    the input, verbatim.  A combining mark with no character before it is its
    own unit, so ``"".join(b + m for b, m in zip(bases, marks))`` is the input.
    """

    bases: str
    marks: list[str]

    @property
    def has_marks(self) -> bool:
        return any(self.marks)


def harakat_of(marks: str) -> str:
    """The harakat (U+064B..U+0652) of a mark run, in input order."""
    return "".join(m for m in marks if m in HARAKAT)


def other_marks_of(marks: str) -> str:
    """The combining marks of a run that are not harakat (maddah, hamza, ...)."""
    return "".join(m for m in marks if m not in HARAKAT)


def split_units(text: str) -> Units:
    """Split ``text`` into :class:`Units` (fast path for text without marks)."""
    if not _ANY_MARK.search(text):
        return Units(text, [""] * len(text))
    units = _UNIT.findall(text)
    return Units("".join(u[0] for u in units), [u[1] for u in units])


def model_bases(units: Units) -> str:
    """The characters the network should read for ``units``.

    A letter decomposed into base + maddah/hamza (NFD input such as ا + U+0653)
    is read as its composed letter (آ), so NFD and NFC input vocalize alike.
    """
    if not units.has_marks:
        return units.bases
    chars = list(units.bases)
    for i, marks in enumerate(units.marks):
        extra = other_marks_of(marks) if marks else ""
        if extra:
            composed = unicodedata.normalize("NFC", chars[i] + extra)
            if composed and composed[0] != chars[i]:
                chars[i] = composed[0]
    return "".join(chars)
