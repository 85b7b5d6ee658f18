"""NLU metrics on a hand-scored set: intent accuracy, span micro-F1, exact match, confusions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from arabic_nlp.data.massive import Example
from arabic_nlp.data.nlu_metrics import (
    Confusion,
    NLUReport,
    NLUScores,
    save_confusion_png,
    score_examples,
    span_keys,
    trim_span,
)
from arabic_nlp.errors import InputError
from arabic_nlp.text.slots import Span

# (locale, text, gold intent, gold spans, predicted intent, predicted spans); scored by hand:
CASES = [
    # right intent, right slot: TP 1, exact
    ("ar-SA", "شغل فيروز الحين", "play_music", [Span("artist_name", 4, 9)],
     "play_music", [Span("artist_name", 4, 9)]),
    # predicted place " جدة" has a space inside its range: trimmed, TP; date tagged as time:
    # FP 1 + FN 1; not exact
    ("ar-SA", "كيف الطقس في جدة بكرة", "weather_query",
     [Span("place_name", 13, 16), Span("date", 17, 21)],
     "weather_query", [Span("place_name", 12, 16), Span("time", 17, 21)]),
    # wrong intent, slot missed: FN 1
    ("en-US", "wake me up at seven", "alarm_set", [Span("time", 14, 19)],
     "alarm_query", []),
    # spurious slot: FP 1
    ("en-US", "hello", "general_greet", [], "general_greet", [Span("person", 0, 5)]),
    # a whitespace-only predicted span is dropped: exact
    ("en-US", "hi ", "general_greet", [], "general_greet", [Span("person", 2, 3)]),
]


def _report() -> NLUReport:
    report = NLUReport()
    for loc, text, gi, gs, pi, ps in CASES:
        report.add(loc, text, gi, gs, pi, ps)
    return report


def test_totals_match_the_hand_count() -> None:
    s = _report().total
    assert (s.n, s.intent_correct, s.tp, s.fp, s.fn, s.exact) == (5, 4, 2, 2, 2, 2)
    assert s.intent_accuracy == pytest.approx(0.8)
    assert s.slot_precision == pytest.approx(0.5)
    assert s.slot_recall == pytest.approx(0.5)
    assert s.slot_f1 == pytest.approx(0.5)
    assert s.exact_match == pytest.approx(0.4)


def test_per_locale() -> None:
    report = _report()
    ar, en = report.by_locale["ar-SA"], report.by_locale["en-US"]
    assert (ar.n, ar.tp, ar.fp, ar.fn, ar.exact) == (2, 2, 1, 1, 1)
    assert ar.slot_f1 == pytest.approx(4 / 6)
    assert ar.intent_accuracy == 1.0
    assert (en.n, en.tp, en.fp, en.fn, en.exact) == (3, 0, 1, 1, 1)
    assert en.slot_f1 == 0.0
    assert en.intent_accuracy == pytest.approx(2 / 3)
    assert en.exact_match == pytest.approx(1 / 3)
    assert (ar + en).slot_f1 == report.total.slot_f1


def test_edge_conventions() -> None:
    empty = NLUScores()
    assert (empty.intent_accuracy, empty.slot_f1, empty.exact_match) == (0.0, 1.0, 0.0)
    s = NLUScores()
    # duplicate predictions count once as TP and once as FP (multisets)
    s.add("abc", "x", [Span("a", 0, 3)], "x", [Span("a", 0, 3), Span("a", 0, 3)])
    assert (s.tp, s.fp, s.fn, s.exact) == (1, 1, 0, 0)
    # boundaries must be exact: one character short is FP + FN
    s2 = NLUScores()
    s2.add("abcd", "x", [Span("a", 0, 4)], "x", [Span("a", 0, 3)])
    assert (s2.tp, s2.fp, s2.fn) == (0, 1, 1)


def test_trim_span() -> None:
    assert trim_span("  ab  ", Span("x", 0, 6)) == ("x", 2, 4)
    assert trim_span("a   b", Span("x", 1, 4)) is None
    assert span_keys("ab ab", [Span("x", 0, 2), Span("x", 0, 3)])[("x", 0, 2)] == 2
    with pytest.raises(InputError, match="outside the text"):
        trim_span("ab", Span("x", 1, 5))


def test_confusion() -> None:
    conf = _report().confusion
    assert conf.labels == ["alarm_query", "alarm_set", "general_greet", "play_music",
                           "weather_query"]
    m = conf.matrix()
    assert m[1] == [1, 0, 0, 0, 0]  # alarm_set predicted as alarm_query
    assert m[2][2] == 2
    assert sum(map(sum, m)) == 5
    assert conf.top() == [("alarm_set", "alarm_query", 1)]
    c = Confusion()
    c.add("a", "b")
    assert c.matrix(["b", "a"]) == [[0, 0], [1, 0]]


def test_confusion_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "conf.png"
    save_confusion_png([("one", _report().confusion), ("two", _report().confusion)], path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InputError, match="no system"):
        save_confusion_png([], path)


def test_score_examples_calls_the_system_per_example() -> None:
    gold = [Example(str(i), loc, "dev", gi, gi.split("_")[0], text, tuple(gs))
            for i, (loc, text, gi, gs, _, _) in enumerate(CASES)]
    answers = {text: (pi, ps) for _, text, _, _, pi, ps in CASES}

    def parse(text: str, locale: str) -> tuple[str, Sequence[Span]]:
        assert locale in ("ar-SA", "en-US")
        return answers[text]

    report = score_examples(gold, parse)
    assert report.total == _report().total
