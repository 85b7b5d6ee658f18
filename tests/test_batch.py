"""The joined-batch runtime (arabic_nlp/fst/batch.py) equals the text-by-text runtime."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_normalize import ARABIC_SOUP, PROFILES

import arabic_nlp.fst.batch as batch_mod
import arabic_nlp.fst.runtime as runtime_mod
from arabic_nlp.errors import InputError
from arabic_nlp.fst.batch import BATCH_SEP
from arabic_nlp.fst.grammar import load_grammar_text
from arabic_nlp.fst.runtime import Cascade
from arabic_nlp.text.normalize import _profile, normalize, normalize_batch


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the batch path for every batch, and cut batches into small pieces."""
    monkeypatch.setattr(runtime_mod, "MIN_BATCH_CHARS", 0)
    monkeypatch.setattr(batch_mod, "PIECE_CHARS", 64)


def _batched(casc: Cascade, texts: list[str]) -> list[str]:
    out = casc.apply_batch(texts)
    assert out is not None, "the batch path declined"
    return out


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=60, deadline=None)
@given(texts=st.lists(ARABIC_SOUP, max_size=12))
def test_batch_equals_per_text_on_hypothesis_lists(profile: str, texts: list[str]) -> None:
    casc = _profile(profile)
    assert _batched(casc, texts) == [casc.apply(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(max_size=20), max_size=8))
def test_batch_equals_per_text_on_any_unicode(texts: list[str]) -> None:
    for profile in ("nlu", "asr", "tts"):
        got = normalize_batch(texts, profile)
        assert got == [normalize(t, profile) for t in texts]


@pytest.mark.parametrize("profile", PROFILES)
def test_batch_equals_per_text_on_corpus(profile: str, corpus_lines: list[str]) -> None:
    casc = _profile(profile)
    # Lines glued with the spaces and edges the tidy rules look at.
    texts = corpus_lines + [" " + line + "  " for line in corpus_lines] + ["", " ", "\n"]
    assert _batched(casc, texts) == [casc.apply(t) for t in texts]


def test_batch_declines_what_it_cannot_do_exactly() -> None:
    casc = _profile("nlu")
    assert casc.apply_batch(["أَ", "x" + BATCH_SEP]) is None  # the separator inside a text
    assert casc.apply_batch(["a\ud800"]) is None  # a lone surrogate
    # ... and normalize_batch then goes text by text: same output, or the usual error.
    assert normalize_batch(["أَ", "x" + BATCH_SEP]) == ["ا", "x" + BATCH_SEP]
    with pytest.raises(InputError, match=r"texts\[1\] contains a lone surrogate"):
        normalize_batch(["ok", "\udfff"])
    emoji = ["😀 أَهْلاً 𝔸", "𐌰"]  # non-BMP characters pass through as surrogate pairs
    assert _batched(casc, emoji) == [casc.apply(t) for t in emoji]


RULES = """
class V = a e i o u
class C = b d k t
rule swap_ab: a -> b
rule swap_ba: b -> a
rule wide: x -> xyz
rule drop: q -> ""
rule start: C -> "T" / ^ _
rule end: C -> "E" / _ $
rule word_end: V -> "W" / _ #
rule after_any: k -> "K" / ANY _
rule collapse: " " -> "" / " " _
rule two: "ab" -> "AB" / C _ C
cascade maps = swap_ab, swap_ba, wide, drop
cascade contexts = maps, start, end, word_end, after_any, collapse, two
"""


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(alphabet="abdkteiouxqTE \n-", max_size=12),
                      max_size=8))
def test_batch_equals_per_text_on_a_grammar_of_every_shape(texts: list[str]) -> None:
    grammar = load_grammar_text(RULES)
    for name in ("maps", "contexts"):
        casc = Cascade(grammar, name)
        assert casc.fully_fast, casc.describe_plan()
        assert _batched(casc, texts) == [casc.apply(t) for t in texts], name


def test_a_grammar_naming_the_separator_runs_text_by_text() -> None:
    grammar = load_grammar_text('rule r: U+FDD2 -> x\ncascade c = r\n')
    assert Cascade(grammar, "c").apply_batch(["abc"]) is None
