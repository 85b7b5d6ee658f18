"""Throughput of ``normalize_batch(profile="nlu")`` against camel-tools' and pyarabic's chains.

All three run on the same lines in the same session (group ``normalize-nlu``). The
competitors are the closest chains each library offers to the nlu profile:

* camel-tools: normalize_alef_ar -> normalize_alef_maksura_ar -> normalize_teh_marbuta_ar
  -> dediac_ar
* pyarabic: strip_tashkeel -> strip_tatweel -> (alef maqsura -> yeh, which pyarabic has no
  function for: one str.replace, done first because pyarabic's normalize_alef also turns
  alef maqsura into alef) -> normalize_alef -> normalize_teh

Speed is reported (lines/s and the ratio arabic-nlp/camel-tools, arabic-nlp/pyarabic), never
asserted. What is asserted is that the fast path's output equals the reference FST's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pyarabic.araby as araby
import pytest
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from arabic_nlp import normalize_batch
from arabic_nlp.text.normalize import _profile

ROUNDS = int(os.environ.get("ARABIC_NLP_BENCH_ROUNDS", "5"))
FST_SAMPLE = 300


def arabic_nlp_nlu(lines: list[str]) -> list[str]:
    return normalize_batch(lines, profile="nlu")


def camel_chain(lines: list[str]) -> list[str]:
    return [
        dediac_ar(normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(s))))
        for s in lines
    ]


def pyarabic_chain(lines: list[str]) -> list[str]:
    maqsura, yeh = araby.ALEF_MAKSURA, araby.YEH
    return [
        araby.normalize_teh(
            araby.normalize_alef(araby.strip_tatweel(araby.strip_tashkeel(s)).replace(maqsura, yeh))
        )
        for s in lines
    ]


def _run(
    benchmark: Any,
    fn: Callable[[list[str]], list[str]],
    lines: list[str],
    name: str,
    report: dict[str, Any],
) -> list[str]:
    out: list[str] = []

    def call() -> None:
        out[:] = fn(lines)

    t0 = time.perf_counter()
    benchmark.pedantic(call, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    elapsed = time.perf_counter() - t0
    stats = getattr(getattr(benchmark, "stats", None), "stats", None)
    # With --benchmark-disable the call runs once and there are no stats: time it ourselves.
    seconds = stats.median if stats is not None else elapsed
    lps = len(lines) / seconds
    report.setdefault("speed", {})[name] = lps
    benchmark.extra_info["lines"] = len(lines)
    benchmark.extra_info["lines_per_s"] = round(lps)
    assert len(out) == len(lines)
    return out


# Competitors first: the arabic-nlp benchmark runs last so it can record the ratios.


@pytest.mark.benchmark(group="normalize-nlu")
def test_camel_tools_chain(
    benchmark: Any, bench_corpus: list[str], bench_report: dict[str, Any]
) -> None:
    _run(benchmark, camel_chain, bench_corpus, "camel-tools chain", bench_report)


@pytest.mark.benchmark(group="normalize-nlu")
def test_pyarabic_chain(
    benchmark: Any, bench_corpus: list[str], bench_report: dict[str, Any]
) -> None:
    _run(benchmark, pyarabic_chain, bench_corpus, "pyarabic chain", bench_report)


@pytest.mark.benchmark(group="normalize-nlu")
def test_arabic_nlp_nlu_batch(
    benchmark: Any, bench_corpus: list[str], bench_report: dict[str, Any]
) -> None:
    arabic_nlp_nlu(bench_corpus[:10])  # grammar loading is startup, measured elsewhere
    _run(benchmark, arabic_nlp_nlu, bench_corpus, "arabic-nlp nlu", bench_report)
    speed = bench_report["speed"]
    ours = speed["arabic-nlp nlu"]
    for key, other in (
        ("ratio_vs_camel_tools", "camel-tools chain"),
        ("ratio_vs_pyarabic", "pyarabic chain"),
    ):
        if other in speed:
            benchmark.extra_info[key] = round(ours / speed[other], 3)
            print(
                f"\narabic-nlp nlu / {other}: {ours / speed[other]:.2f}x "
                f"({ours:,.0f} vs {speed[other]:,.0f} lines/s)"
            )


# Correctness -------------------------------------------------------------------------------


def _sample(lines: list[str], k: int) -> list[str]:
    step = max(1, len(lines) // k)
    return lines[::step][:k]


def _letters(s: str) -> str:
    """Arabic letters only (no punctuation, digits, spaces, tatweel, diacritics)."""
    return "".join(c for c in s if "\u0621" <= c <= "\u064a" and c != "\u0640")


def test_fast_path_matches_fst(bench_corpus: list[str], bench_report: dict[str, Any]) -> None:
    """arabic-nlp's output equals the reference FST's; camel/pyarabic agreement is reported."""
    sample = _sample(bench_corpus, FST_SAMPLE)
    cascade = _profile("nlu")
    ours = normalize_batch(sample, profile="nlu")
    fst = [cascade.apply(s, fst=True) for s in sample]
    mismatches = [(s, o, f) for s, o, f in zip(sample, ours, fst, strict=True) if o != f]

    camel = camel_chain(sample)
    pya = pyarabic_chain(sample)

    def rate(other: list[str], key: Callable[[str], str] = lambda s: s) -> float:
        return sum(key(a) == key(b) for a, b in zip(ours, other, strict=True)) / len(sample)

    bench_report["agreement"] = {
        "fst_checked": len(sample),
        "fst_equal": len(sample) - len(mismatches),
        "camel_exact": rate(camel),
        "camel_letters": rate(camel, _letters),
        "pyarabic_exact": rate(pya),
        "pyarabic_letters": rate(pya, _letters),
    }
    first_diff = next(((a, b) for a, b in zip(ours, camel, strict=True) if a != b), None)
    if first_diff:
        a, b = first_diff
        at = next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\0", strict=False)) if x != y)
        print(
            f"\nfirst arabic-nlp/camel-tools difference at char {at}: "
            f"{a[max(0, at - 15) : at + 15]!r} vs {b[max(0, at - 15) : at + 15]!r}"
        )
    assert not mismatches, (
        f"{len(mismatches)}/{len(sample)} lines differ from the FST; first: {mismatches[0]!r}"
    )
