"""Scoring the MSA → Khaleeji converter against a gold file (``arabic-nlp eval khaleeji``).

Gold format: UTF-8 TSV, header ``msa_diacritized<TAB>khaleeji<TAB>locale``, one sentence
per row; lines starting with ``#`` and blank lines are skipped. Metrics:

* **sentence accuracy**: the Arabic output equals the gold exactly;
* **CER**: character error rate of the Arabic output (edit distance / gold characters,
  over all rows, diacritics counted as characters);
* **PER**: phoneme error rate: the predicted phonemes against the phonemes of the gold's
  Gulf script (the locale's own phoneme cascade), counted over phoneme symbols (a
  consonant with its ˤ or tie, a vowel with its length); stress marks and spaces are left
  out, and the rate of words whose stress differs is reported apart.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import jiwer
import regex

from arabic_nlp.errors import InputError

HEADER = ("msa_diacritized", "khaleeji", "locale")
_PHONEME = regex.compile(r"[^\sˈ](?:ˤ|\u0361.|ː)*")
_STRESSED_WORD = regex.compile(r"\S+")


@dataclass(frozen=True)
class GoldRow:
    line: int
    msa: str
    khaleeji: str
    locale: str


@dataclass
class KhaleejiScores:
    """Counts over a gold file; rates as properties. ``errors`` lists the wrong rows."""

    sentences: int = 0
    exact: int = 0
    char_edits: int = 0
    chars: int = 0
    phoneme_edits: int = 0
    phonemes: int = 0
    stress_words: int = 0
    stress_wrong: int = 0
    errors: list[tuple[GoldRow, str]] = field(default_factory=list)

    @classmethod
    def combined(cls, parts: Iterable[KhaleejiScores]) -> KhaleejiScores:
        """The scores of several row sets together (counts summed, errors in file order)."""
        total = cls()
        for part in parts:
            for f in fields(cls):
                if f.name != "errors":
                    setattr(total, f.name, getattr(total, f.name) + getattr(part, f.name))
            total.errors += part.errors
        total.errors.sort(key=lambda e: e[0].line)
        return total

    @property
    def sentence_accuracy(self) -> float:
        return self.exact / self.sentences if self.sentences else 0.0

    @property
    def cer(self) -> float:
        return self.char_edits / self.chars if self.chars else 0.0

    @property
    def per(self) -> float:
        return self.phoneme_edits / self.phonemes if self.phonemes else 0.0

    @property
    def stress_error_rate(self) -> float:
        return self.stress_wrong / self.stress_words if self.stress_words else 0.0


def read_gold(path: str | Path, locales: Iterable[str]) -> list[GoldRow]:
    """Rows of a gold file; a bad row is an InputError naming the file and line."""
    known = set(locales)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gold file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the gold file is not UTF-8") from None
    rows: list[GoldRow] = []
    header = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if not header:
            if tuple(cells) != HEADER:
                raise InputError(f"{path}:{lineno}: the header must be "
                                 + "<TAB>".join(HEADER))
            header = True
            continue
        if len(cells) != 3:
            raise InputError(f"{path}:{lineno}: {len(cells)} columns, expected 3 "
                             "(msa_diacritized, khaleeji, locale)")
        if not cells[0].strip() or not cells[1].strip():
            raise InputError(f"{path}:{lineno}: empty sentence")
        if cells[2] not in known:
            raise InputError(f"{path}:{lineno}: unknown locale {cells[2]!r} "
                             f"(known: {', '.join(sorted(known))})")
        rows.append(GoldRow(lineno, cells[0], cells[1], cells[2]))
    if not rows:
        raise InputError(f"{path}: no gold rows")
    return rows


def phoneme_symbols(ipa: str) -> list[str]:
    """The phoneme symbols of an IPA string: sˤ, t͡ʃ, aː are one symbol each."""
    return [str(p) for p in _PHONEME.findall(ipa)]


def _stress_positions(ipa: str) -> list[int]:
    """Per word: how many phoneme symbols come before the stress mark (-1: none)."""
    out = []
    for word in _STRESSED_WORD.findall(ipa):
        mark = word.find("ˈ")
        out.append(-1 if mark < 0 else len(phoneme_symbols(word[:mark])))
    return out


def evaluate(rows: list[GoldRow],
             convert: Callable[[str, str, str], str],
             gold_phonemes: Callable[[str, str], str]) -> KhaleejiScores:
    """Score ``convert(msa, locale, output)`` on ``rows``; ``gold_phonemes(gulf, locale)``
    transcribes the gold's Gulf script."""
    s = KhaleejiScores()
    for row in rows:
        got = convert(row.msa, row.locale, "arabic")
        s.sentences += 1
        s.chars += len(row.khaleeji)
        if got == row.khaleeji:
            s.exact += 1
        else:
            chars = jiwer.process_characters(row.khaleeji, got)
            s.char_edits += chars.substitutions + chars.deletions + chars.insertions
            s.errors.append((row, got))
        want_ipa = gold_phonemes(row.khaleeji, row.locale)
        got_ipa = convert(row.msa, row.locale, "phonemes")
        want, have = phoneme_symbols(want_ipa), phoneme_symbols(got_ipa)
        s.phonemes += len(want)
        if want != have:
            out = jiwer.process_words(" ".join(want) or "∅", " ".join(have) or "∅")
            s.phoneme_edits += out.substitutions + out.deletions + out.insertions
        want_stress, got_stress = _stress_positions(want_ipa), _stress_positions(got_ipa)
        s.stress_words += len(want_stress)
        if len(want_stress) == len(got_stress):
            s.stress_wrong += sum(a != b for a, b in zip(want_stress, got_stress, strict=True))
        else:
            s.stress_wrong += len(want_stress)
    return s
