"""Diacritic error rate (DER) and word error rate (WER), Fadel et al. 2019 convention.

Follows ``helpers/diacritization_stat.py`` of github.com/AliOsm/arabic-text-diacritization
("including no diacritic", the headline figures), so numbers compare with
published ones. Exactly (docs/diacritizer.md has the full statement):

* A word is a maximal run of Arabic letters (with their marks); any other
  character (space, punctuation, digit, Latin, tatweel) ends it and is not scored.
* Every Arabic letter of the gold text is scored, also those with no mark in gold:
  its class (one of the 15 of ``CLASSES``) must equal the predicted one.
* "Without case ending" leaves out the last letter of every word.
* WER: a word is wrong if any scored letter's class differs. Without case ending
  a one-letter word has nothing left to get wrong and counts as right, as upstream.
* A prediction whose letters differ from the gold's (a peer that changed a hamza)
  is aligned first (``arabic_nlp.text.diacritics.align``): letters changed one for
  one are scored position by position, gold letters left unpaired count as bare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from arabic_nlp.errors import InputError
from arabic_nlp.text.diacritics import (
    CLASS_NAMES,
    CLASSES,
    align,
    changed_letters,
    is_arabic_letter,
    mark_class,
    split_marks,
)

N_CLASSES = len(CLASSES)


def _empty_confusion() -> list[list[int]]:
    return [[0] * N_CLASSES for _ in range(N_CLASSES)]


@dataclass
class DiacritizationScores:
    """Error counts of one system on one gold set; rates are properties."""

    lines: int = 0
    letters: int = 0
    letter_errors: int = 0
    letters_no_ce: int = 0
    letter_errors_no_ce: int = 0
    words: int = 0
    word_errors: int = 0
    word_errors_no_ce: int = 0
    #: Words whose letters the system changed one for one (scored position by position).
    substituted_words: int = 0
    #: Words where the system dropped or added letters (unpaired letters scored as bare).
    resized_words: int = 0
    #: ``confusion[gold][predicted]`` letter counts over the 15 classes, case endings included.
    confusion: list[list[int]] = field(default_factory=_empty_confusion)

    @property
    def der(self) -> float:
        """Share of letters with a wrong class, case endings included."""
        return self.letter_errors / max(1, self.letters)

    @property
    def der_no_ce(self) -> float:
        """Share of letters with a wrong class, last letter of each word left out."""
        return self.letter_errors_no_ce / max(1, self.letters_no_ce)

    @property
    def wer(self) -> float:
        """Share of words with at least one wrong letter."""
        return self.word_errors / max(1, self.words)

    @property
    def wer_no_ce(self) -> float:
        """Share of words with a wrong letter other than the last one."""
        return self.word_errors_no_ce / max(1, self.words)

    def __add__(self, other: DiacritizationScores) -> DiacritizationScores:
        conf = [[a + b for a, b in zip(ra, rb, strict=True)]
                for ra, rb in zip(self.confusion, other.confusion, strict=True)]
        return DiacritizationScores(
            self.lines + other.lines, self.letters + other.letters,
            self.letter_errors + other.letter_errors, self.letters_no_ce + other.letters_no_ce,
            self.letter_errors_no_ce + other.letter_errors_no_ce, self.words + other.words,
            self.word_errors + other.word_errors, self.word_errors_no_ce + other.word_errors_no_ce,
            self.substituted_words + other.substituted_words,
            self.resized_words + other.resized_words, conf)

    def class_errors(self) -> list[tuple[str, int, int]]:
        """``(class name, gold letters of the class, of them wrong)`` per class."""
        return [(CLASS_NAMES[g], sum(row), sum(row) - row[g])
                for g, row in enumerate(self.confusion)]

    def summary(self) -> str:
        """One line: the four rates and the counts behind them."""
        return (f"DER {self.der:.2%}, DER no-CE {self.der_no_ce:.2%}, WER {self.wer:.2%}, "
                f"WER no-CE {self.wer_no_ce:.2%} ({self.letters} letters, {self.words} words, "
                f"{self.lines} lines)")


def _words(base: str) -> list[list[int]]:
    """Indices of the Arabic letters of ``base``, grouped into Fadel words."""
    words: list[list[int]] = []
    current: list[int] = []
    for k, ch in enumerate(base):
        if is_arabic_letter(ch):
            current.append(k)
        elif current:
            words.append(current)
            current = []
    if current:
        words.append(current)
    return words


def score_line(gold: str, predicted: str,
               into: DiacritizationScores | None = None) -> DiacritizationScores:
    """Add the counts of one gold line and its prediction to ``into`` (or a new total)."""
    s = into if into is not None else DiacritizationScores()
    s.lines += 1
    _, g_base, g_marks = split_marks(gold)
    _, p_base, p_marks = split_marks(predicted)
    pairs = align(g_base, p_base)
    for word in _words(g_base):
        wrong = wrong_no_ce = False
        last = len(word) - 1
        for pos, k in enumerate(word):
            g = mark_class(g_marks[k])
            j = pairs[k]
            p = mark_class(p_marks[j]) if j >= 0 and is_arabic_letter(p_base[j]) else 0
            s.confusion[g][p] += 1
            s.letters += 1
            bad = g != p
            s.letter_errors += bad
            wrong |= bad
            if pos != last:
                s.letters_no_ce += 1
                s.letter_errors_no_ce += bad
                wrong_no_ce |= bad
        s.words += 1
        s.word_errors += wrong
        s.word_errors_no_ce += wrong_no_ce
    return s


def score(gold: Sequence[str], predicted: Sequence[str],
          raw: Sequence[str] | None = None) -> DiacritizationScores:
    """Scores of ``predicted`` against ``gold``, line by line.

    ``raw``: the system's output before the passthrough rule, if there is one, to
    count the words whose letters it changed (``substituted_words``, ``resized_words``).
    """
    if len(gold) != len(predicted) or (raw is not None and len(raw) != len(gold)):
        raise InputError(f"{len(gold)} gold lines but {len(predicted)} predictions"
                         + (f" and {len(raw)} raw outputs" if raw is not None else ""))
    s = DiacritizationScores()
    for k, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        score_line(g, p, s)
        if raw is not None:
            sub, resized = changed_letters(g, raw[k])
            s.substituted_words += sub
            s.resized_words += resized
    return s


def save_confusion_png(results: Iterable[tuple[str, DiacritizationScores]],
                       path: str | Path) -> None:
    """One row-normalised 15x15 confusion matrix per system (gold rows, predicted
    columns) side by side in one PNG; cells show the letter counts."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--confusion needs matplotlib: pip install 'arabic-nlp[eval]'") from None
    items = list(results)
    if not items:
        raise InputError("no system to plot")
    cols = min(3, len(items))
    rows = -(-len(items) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(9.5 * cols, 8.5 * rows), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax in flat[len(items):]:
        ax.axis("off")
    for ax, (name, s) in zip(flat, items, strict=False):
        totals = [max(1, sum(row)) for row in s.confusion]
        share = [[c / t for c in row] for row, t in zip(s.confusion, totals, strict=True)]
        ax.imshow(share, cmap="Blues", vmin=0.0, vmax=1.0)
        for g in range(N_CLASSES):
            for p in range(N_CLASSES):
                n = s.confusion[g][p]
                if n:
                    ax.text(p, g, str(n), ha="center", va="center", fontsize=6,
                            color="white" if share[g][p] > 0.5 else "black")
        ax.set_xticks(range(N_CLASSES), CLASS_NAMES, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(N_CLASSES), CLASS_NAMES, fontsize=8)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(f"{name}: DER {s.der:.2%} ({s.letters} letters)")
    fig.tight_layout()
    try:
        fig.savefig(str(path), dpi=110)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        plt.close(fig)
