"""Evaluating the affix tokenizer against a gold segmentation file.

Gold format (``grammars/tokenize/gold/README.md``): UTF-8, one word per line,
``surface<TAB>segmentation``; the segmentation's tokens are separated by single spaces,
suffixes written ``+ي``, prefixes ``ب+``, stems in their restored form (أغنية +ي for
أغنيتي). Lines starting with ``#`` and blank lines are skipped.

Metrics: **word accuracy** (the predicted segmentation string equals the gold one) and
**split precision / recall / F1** over affix boundaries, a boundary being the pair
(word, offset into the surface word) where a token starts, the first token excepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from arabic_nlp.errors import InputError
from arabic_nlp.text.tokens import Token


@dataclass(frozen=True)
class GoldWord:
    """One gold row: where it is, the surface word and its segmentation."""

    line: int
    surface: str
    segmentation: str


@dataclass
class TokenizeScores:
    """Word accuracy and split P/R/F1, with the words that were wrong."""

    words: int = 0
    correct: int = 0
    true_splits: int = 0
    predicted_splits: int = 0
    gold_splits: int = 0
    errors: list[tuple[GoldWord, str]] = field(default_factory=list)

    @property
    def word_accuracy(self) -> float:
        return self.correct / self.words if self.words else 0.0

    @property
    def precision(self) -> float:
        return self.true_splits / self.predicted_splits if self.predicted_splits else 1.0

    @property
    def recall(self) -> float:
        return self.true_splits / self.gold_splits if self.gold_splits else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self, accuracy: str = "word accuracy") -> str:
        """One line: words, accuracy, split P/R/F1 and the split counts."""
        return (f"{self.words} words, {accuracy} {self.word_accuracy:.2%} "
                f"({self.correct}/{self.words}); splits: precision {self.precision:.2%}, "
                f"recall {self.recall:.2%}, F1 {self.f1:.2%} (gold {self.gold_splits}, "
                f"predicted {self.predicted_splits}, correct {self.true_splits})")


def read_gold(path: str | Path) -> list[GoldWord]:
    """Rows of a gold file; a malformed row is an InputError naming file:line."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"gold file not found: {path}")
    rows: list[GoldWord] = []
    with p.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 2 or not cells[0] or not cells[1].strip():
                raise InputError(f"{path}:{lineno}: expected 'surface<TAB>segmentation', "
                                 f"got {len(cells)} cell(s): {line!r}")
            surface, seg = cells[0], " ".join(cells[1].split())
            if any(ch.isspace() for ch in surface):
                raise InputError(f"{path}:{lineno}: the surface must be one word: {surface!r}")
            rows.append(GoldWord(lineno, surface, seg))
    if not rows:
        raise InputError(f"{path}: no gold rows")
    return rows


def _boundaries(starts: Iterable[int]) -> set[int]:
    """Split points of a word: its token starts, the first one excepted."""
    return set(sorted(set(starts))[1:])


def evaluate(gold: Sequence[GoldWord], tokenize: Callable[[str], list[Token]],
             align: Callable[[str, str], list[int]], *,
             boundaries_only: bool = False) -> TokenizeScores:
    """Score ``tokenize`` on gold words; ``align`` gives a gold segmentation's token
    start offsets in its surface word. With ``boundaries_only`` a word is right when its
    split offsets equal the gold's, whatever the token texts (for gold sets that do not
    restore the stem's spelling)."""
    scores = TokenizeScores()
    for word in gold:
        tokens = [t for t in tokenize(word.surface) if t.kind != "space"]
        predicted = " ".join(t.text for t in tokens)
        pred_b = _boundaries(t.start for t in tokens)
        gold_b = _boundaries(align(word.surface, word.segmentation))
        scores.words += 1
        if (pred_b == gold_b) if boundaries_only else (predicted == word.segmentation):
            scores.correct += 1
        else:
            scores.errors.append((word, predicted))
        scores.predicted_splits += len(pred_b)
        scores.gold_splits += len(gold_b)
        scores.true_splits += len(pred_b & gold_b)
    return scores
