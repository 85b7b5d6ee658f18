"""Throughput of the affix tokenizer's batch API against camel-tools' simple_word_tokenize.

Both run on the same lines (the benchmark corpus put through the ``asr`` profile, the
tokenizer's input in the assistant pipeline) in one session. Words are counted as
whitespace-separated words of the input. The tokenizer caches segmentations per word,
so a warm-up round (run first, not timed) fills the cache, as in a long-running service;
the cold first pass is reported too. Speed is reported, never asserted; the round trip
``detokenize(tokenize(s)) == s`` is asserted on every line.
"""

from __future__ import annotations

import time
from typing import Any

from camel_tools.tokenizers.word import simple_word_tokenize

from arabic_nlp.text.normalize import normalize_batch
from arabic_nlp.text.tokenize import Tokenizer, detokenize, tokenize_batch
from benchmarks.corpus import lines as corpus_lines

ROUNDS = 5


def _lines() -> tuple[list[str], int]:
    lines = normalize_batch(corpus_lines(), "asr")
    return lines, sum(len(line.split()) for line in lines)


def test_tokenize_batch_vs_camel(benchmark: Any) -> None:
    lines, words = _lines()
    cold = Tokenizer("nlu")
    t0 = time.perf_counter()
    for line in lines:
        cold.tokenize(line)
    cold_s = time.perf_counter() - t0

    results: dict[str, float] = {}

    def timed(name: str, fn: Any) -> None:
        fn()  # warm-up
        best = float("inf")
        for _ in range(ROUNDS):
            t = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t)
        results[name] = words / best

    timed("camel", lambda: [simple_word_tokenize(line) for line in lines])
    timed("ours", lambda: tokenize_batch(lines))
    benchmark.pedantic(lambda: tokenize_batch(lines), rounds=1, iterations=1)
    ratio = results["ours"] / results["camel"]
    benchmark.extra_info.update(words=words, words_per_s=results["ours"],
                                camel_words_per_s=results["camel"], ratio_vs_camel=ratio)
    print(f"\ntokenize_batch nlu: {results['ours']:,.0f} words/s warm, "
          f"{words / cold_s:,.0f} words/s cold; camel-tools simple_word_tokenize "
          f"{results['camel']:,.0f} words/s; ratio {ratio:.2f}x ({words:,} words)")
    for line, toks in zip(lines, tokenize_batch(lines), strict=True):
        assert detokenize(toks) == line
