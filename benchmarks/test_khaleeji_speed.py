"""Throughput of the MSA → Khaleeji converter (sentences/s, one core).

Input: the benchmark corpus (diacritized MSA) cut to sentences of at most 10 words, the
size of an assistant's reply. The reference in the same run is camel-tools' ``ar2bw``
CharMapper (a one-pass character map over the same sentences), so the ratio says how
many character-map passes one conversion costs. Speed is reported, never asserted.
"""

from __future__ import annotations

import time
from typing import Any

from camel_tools.utils.charmap import CharMapper

from arabic_nlp.text.khaleeji import to_khaleeji, to_khaleeji_batch
from benchmarks.corpus import lines as corpus_lines

ROUNDS = 3
WORDS = 10


def _sentences() -> list[str]:
    out = []
    for line in corpus_lines():
        words = line.split()
        out.extend(" ".join(words[i:i + WORDS]) for i in range(0, len(words), WORDS))
    return out[:20_000]


def _best(fn: Any) -> float:
    fn()
    best = float("inf")
    for _ in range(ROUNDS):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def test_khaleeji_sentences_per_second(benchmark: Any) -> None:
    sentences = _sentences()
    n = len(sentences)
    bw = CharMapper.builtin_mapper("ar2bw")
    ref = n / _best(lambda: [bw.map_string(s) for s in sentences])
    batch = n / _best(lambda: to_khaleeji_batch(sentences, "ar-KW"))
    batch_ipa = n / _best(lambda: to_khaleeji_batch(sentences, "ar-KW", "phonemes"))
    one = sentences[: n // 4]
    single = len(one) / _best(lambda: [to_khaleeji(s, "ar-KW") for s in one])
    benchmark.pedantic(lambda: to_khaleeji_batch(sentences, "ar-KW"), rounds=1, iterations=1)
    benchmark.extra_info.update(sentences=n, batch_per_s=batch, phonemes_per_s=batch_ipa,
                                single_per_s=single, camel_ar2bw_per_s=ref)
    print(f"\nto_khaleeji ar-KW: batch {batch:,.0f} sentences/s (phonemes {batch_ipa:,.0f}/s), "
          f"one call per sentence {single:,.0f}/s; camel-tools ar2bw {ref:,.0f}/s; "
          f"batch/ar2bw {batch / ref:.2f}x ({n:,} sentences of ≤{WORDS} words)")
    assert to_khaleeji_batch(sentences[:50], "ar-KW") == \
        [to_khaleeji(s, "ar-KW") for s in sentences[:50]]
