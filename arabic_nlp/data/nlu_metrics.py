"""NLU scores: intent accuracy, span-level slot micro-F1, exact match, intent confusions.

Conventions (those of the MASSIVE paper's span F1, made exact):

* A slot is scored as ``(type, start, end)`` after trimming whitespace off both edges of its
  range (a predicted ``" Paris "`` counts as ``"Paris"``); a span that is only whitespace
  is dropped. Gold and predicted spans are compared as multisets: a predicted span is a true
  positive only with exactly the gold type and both character boundaries.
* Slot micro-F1 = 2·TP / (2·TP + FP + FN) over all utterances (and locales, for the
  ``all`` row); when there is no gold and no predicted span at all it is 1.0.
* Exact match: the intent is right and the trimmed slot multisets are equal.

:class:`NLUScores` holds counts, so scores of several files or locales add up exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from arabic_nlp.data.massive import Example
from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span

SpanKey = tuple[str, int, int]


def trim_span(text: str, span: Span) -> SpanKey | None:
    """``(label, start, end)`` of ``span`` with whitespace trimmed off its edges in ``text``;
    None when nothing but whitespace is left. InputError if the range is not in the text."""
    if not 0 <= span.start <= span.end <= len(text):
        raise InputError(f"span {span.label!r} {span.start}..{span.end} is outside the text "
                         f"(length {len(text)})")
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return span.label, start, end


def span_keys(text: str, spans: Iterable[Span]) -> Counter[SpanKey]:
    """The multiset of trimmed ``(label, start, end)`` keys of ``spans``."""
    keys: Counter[SpanKey] = Counter()
    for span in spans:
        key = trim_span(text, span)
        if key is not None:
            keys[key] += 1
    return keys


@dataclass
class NLUScores:
    """Counts behind the NLU scores of a set of utterances; ``+`` combines two sets."""

    n: int = 0
    intent_correct: int = 0
    exact: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, text: str, gold_intent: str, gold_spans: Iterable[Span],
            pred_intent: str, pred_spans: Iterable[Span]) -> bool:
        """Score one utterance into the counts; True when it is an exact match."""
        gold = span_keys(text, gold_spans)
        pred = span_keys(text, pred_spans)
        tp = sum((gold & pred).values())
        self.n += 1
        self.tp += tp
        self.fp += sum(pred.values()) - tp
        self.fn += sum(gold.values()) - tp
        intent_ok = gold_intent == pred_intent
        self.intent_correct += intent_ok
        exact = intent_ok and gold == pred
        self.exact += exact
        return exact

    def __add__(self, other: NLUScores) -> NLUScores:
        return NLUScores(self.n + other.n, self.intent_correct + other.intent_correct,
                         self.exact + other.exact, self.tp + other.tp, self.fp + other.fp,
                         self.fn + other.fn)

    @property
    def intent_accuracy(self) -> float:
        """Share of utterances whose intent is right (0.0 for no utterance)."""
        return self.intent_correct / self.n if self.n else 0.0

    @property
    def slot_precision(self) -> float:
        """TP / predicted spans (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def slot_recall(self) -> float:
        """TP / gold spans (1.0 when there is no gold span)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def slot_f1(self) -> float:
        """Span-level micro-F1: 2·TP / (2·TP + FP + FN); 1.0 with no span on either side."""
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else 1.0

    @property
    def exact_match(self) -> float:
        """Share of utterances with the right intent and exactly the gold slots."""
        return self.exact / self.n if self.n else 0.0


@dataclass
class Confusion:
    """Intent confusion counts: ``counts[(gold, predicted)]``."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str, predicted: str) -> None:
        self.counts[(gold, predicted)] += 1

    @property
    def labels(self) -> list[str]:
        """Every gold or predicted intent, sorted."""
        return sorted({g for g, _ in self.counts} | {p for _, p in self.counts})

    def matrix(self, labels: Sequence[str] | None = None) -> list[list[int]]:
        """Rows: gold intents; columns: predicted intents (in ``labels`` order)."""
        order = list(labels) if labels is not None else self.labels
        return [[self.counts[(g, p)] for p in order] for g in order]

    def top(self, k: int = 10) -> list[tuple[str, str, int]]:
        """The ``k`` most frequent (gold, predicted, count) errors, most frequent first."""
        errors = [(g, p, n) for (g, p), n in self.counts.items() if g != p]
        return sorted(errors, key=lambda x: (-x[2], x[0], x[1]))[:k]


@dataclass
class NLUReport:
    """Scores per locale and intent confusions of one system on some examples."""

    by_locale: dict[str, NLUScores] = field(default_factory=dict)
    confusion: Confusion = field(default_factory=Confusion)

    def add(self, locale: str, text: str, gold_intent: str, gold_spans: Iterable[Span],
            pred_intent: str, pred_spans: Iterable[Span]) -> bool:
        """Score one utterance of ``locale``; True when it is an exact match."""
        self.confusion.add(gold_intent, pred_intent)
        scores = self.by_locale.setdefault(locale, NLUScores())
        return scores.add(text, gold_intent, gold_spans, pred_intent, pred_spans)

    @property
    def total(self) -> NLUScores:
        """The micro-averaged scores of every locale together."""
        out = NLUScores()
        for scores in self.by_locale.values():
            out = out + scores
        return out


def save_confusion_png(items: Sequence[tuple[str, Confusion]], path: str | Path,
                       labels: Sequence[str] | None = None) -> None:
    """Row-normalised intent confusion matrices (gold rows, predicted columns), one panel per
    system, side by side in one PNG. Needs matplotlib (the ``eval`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--confusion needs matplotlib: pip install 'arabic-nlp[eval]'") from None
    if not items:
        raise InputError("no system to plot")
    order = list(labels) if labels is not None else sorted(
        {lab for _, c in items for lab in c.labels})
    size = max(6.0, 0.16 * len(order) + 2.5)
    fig, axes = plt.subplots(1, len(items), figsize=(size * len(items), size), squeeze=False)
    for ax, (name, conf) in zip(axes[0], items, strict=True):
        mat = conf.matrix(order)
        totals = [max(1, sum(row)) for row in mat]
        share = [[c / t for c in row] for row, t in zip(mat, totals, strict=True)]
        ax.imshow(share, cmap="Blues", vmin=0.0, vmax=1.0)
        ticks = range(len(order))
        font = 5 if len(order) > 30 else 8
        ax.set_xticks(ticks, order, rotation=90, fontsize=font)
        ax.set_yticks(ticks, order, fontsize=font)
        ax.set_xlabel("predicted intent")
        ax.set_ylabel("gold intent")
        n = sum(sum(row) for row in mat)
        right = sum(mat[i][i] for i in range(len(order)))
        ax.set_title(f"{name}: intent accuracy {right / max(1, n):.2%} ({n} utterances)")
    fig.tight_layout()
    try:
        fig.savefig(str(path), dpi=110)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        plt.close(fig)


def score_examples(
    examples: Iterable[Example],
    parse: Callable[[str, str], tuple[str, Sequence[Span]]],
    report: NLUReport | None = None,
) -> NLUReport:
    """Score ``parse(text, locale) -> (intent, spans)`` on gold examples, per locale."""
    out = report if report is not None else NLUReport()
    for ex in examples:
        intent, spans = parse(ex.text, ex.locale)
        out.add(ex.locale, ex.text, ex.intent, ex.spans, intent, spans)
    return out
