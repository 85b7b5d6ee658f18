"""Shared set-up for the benchmarks: import path, the corpus, and an end-of-run summary.

Every benchmark records its numbers with the ``bench_report`` fixture; the terminal summary
prints them together (lines/s, ratios, startup times, RSS, MB/s) so that one run gives the
whole comparison on the same text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
for p in (str(REPO_ROOT), str(BENCH_DIR)):  # the package may not be installed; corpus.py
    if p not in sys.path:
        sys.path.insert(0, p)

import corpus  # noqa: E402

_REPORT = pytest.StashKey[dict[str, Any]]()


def _report(config: pytest.Config) -> dict[str, Any]:
    if _REPORT not in config.stash:
        config.stash[_REPORT] = {}
    return config.stash[_REPORT]


@pytest.fixture(scope="session")
def bench_report(pytestconfig: pytest.Config) -> dict[str, Any]:
    """A dict the benchmarks fill; printed at the end of the session."""
    return _report(pytestconfig)


@pytest.fixture(scope="session")
def bench_corpus(bench_report: dict[str, Any]) -> list[str]:
    lines, source = corpus.load()
    bench_report["corpus"] = {
        "source": source,
        "lines": len(lines),
        "chars_per_line": sum(map(len, lines)) / max(1, len(lines)),
        "mb_utf8": sum(len(s.encode("utf-8")) for s in lines) / 1e6,
    }
    return lines


def _fmt(x: float, unit: str = "") -> str:
    if x >= 100:
        return f"{x:,.0f}{unit}"
    return f"{x:.3g}{unit}"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    rep = config.stash.get(_REPORT, None)
    if not rep:
        return
    w = terminalreporter.write_line
    terminalreporter.section("arabic-nlp benchmark summary")
    if "corpus" in rep:
        c = rep["corpus"]
        w(
            f"corpus: {c['lines']} lines from {c['source']} "
            f"({c['chars_per_line']:.0f} chars/line, {c['mb_utf8']:.1f} MB UTF-8)"
        )
    speed = rep.get("speed", {})
    if speed:
        w("")
        w("throughput (median of rounds, same lines):")
        for name, lps in speed.items():
            w(f"  {name:<28} {_fmt(lps, ' lines/s'):>22}")
        ours = speed.get("arabic-nlp nlu")
        for other in ("camel-tools chain", "pyarabic chain"):
            if ours and other in speed:
                w(f"  ratio arabic-nlp / {other:<19} {ours / speed[other]:.2f}x")
        if ours and "camel-tools chain" in speed:
            r = ours / speed["camel-tools chain"]
            verdict = "meets" if r >= 2 else f"BELOW (needs {2 / r:.1f}x more)"
            w(f"  target >= 2x camel-tools: {verdict}")
    agree = rep.get("agreement")
    if agree:
        w("")
        w(
            f"correctness: fast path == FST on {agree['fst_checked']} lines "
            f"({agree['fst_equal']} equal)"
        )
        w(
            f"  camel-tools chain agrees with arabic-nlp nlu on {agree['camel_exact']:.1%} "
            f"of lines exactly, {agree['camel_letters']:.1%} ignoring punctuation/digits/spaces"
        )
        w(
            f"  pyarabic chain agrees on {agree['pyarabic_exact']:.1%} exactly, "
            f"{agree['pyarabic_letters']:.1%} ignoring punctuation/digits/spaces"
        )
    startup = rep.get("startup", {})
    if startup:
        w("")
        w("cold start (fresh interpreter, median wall time; first run in brackets):")
        for name, s in startup.items():
            w(f"  {name:<44} {s['median'] * 1000:8.0f} ms  [{s['first'] * 1000:.0f} ms]")
    for key in ("stream", "stream_small", "cli"):
        m = rep.get(key)
        if m:
            w("")
            w(
                f"{m['label']}: {m['mb']:.0f} MB, {m['lines']:,} lines in {m['seconds']:.1f} s "
                f"= {m['mb'] / m['seconds']:.1f} MB/s; peak RSS {m['rss_mb']:.0f} MB"
                + (f" (bound {m['bound_mb']:.0f} MB)" if "bound_mb" in m else "")
            )
    build = rep.get("catalogue_build")
    if build:
        w("")
        w(f"catalogue build: {build['entries']:,} entries in {build['build_s']:.1f} s, peak RSS "
          f"{build['rss_mb']:.0f} MB (workers {build['child_rss_mb']:.0f} MB); bars 60 s, 1 GB")
    norm = rep.get("catalogue_normalize")
    if norm:
        w(f"catalogue normalize: p50 {norm['p50_ms']:.2f} ms, p90 {norm['p90_ms']:.2f} ms per "
          f"utterance; brute-force rapidfuzz p50 {norm['peer_p50_ms']:.1f} ms "
          f"({norm['ratio_p50_vs_peer']:.0f}x); bar p50 1 ms")
