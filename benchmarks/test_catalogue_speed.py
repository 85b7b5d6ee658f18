"""The catalogue normalizer at catalogue scale: building a 100k-entry index, its memory,
and normalize latency per utterance against a brute-force fuzzy matcher (rapidfuzz's
``extractOne`` of every word against the catalogue's first renderings) in the same run.

The catalogue is 100k Latin person names (``distractor_names`` over the Wikidata and
Google transliteration lists in ../shared/data) or, without the shared data, seeded
syllable names. Utterances are MASSIVE ar-SA dev (or generated requests). The build runs
in a fresh interpreter through the CLI (``arabic-nlp catalogue build``), so its wall time
and peak RSS (the main process and, separately, its grammar workers) are the user's.
Bars (issue 6): build <= 60 s, memory <= 1 GB, normalize p50 <= 1 ms; reported, never
asserted, as is the ratio to the peer.

    ARABIC_NLP_BENCH_CATALOGUE   entries (default 100000)
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from arabic_nlp.text.catalogue import CatalogueNormalizer, fold

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
N = int(os.environ.get("ARABIC_NLP_BENCH_CATALOGUE", 100_000))
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "ou", "y")]


def _names(n: int) -> list[str]:
    if (DATA / "translit_wikidata_names").is_dir():
        from arabic_nlp.data.catalogue_pairs import distractor_names

        return distractor_names(DATA, n=n)
    rng = random.Random(0)
    out: set[str] = set()
    while len(out) < n:
        words = [("".join(rng.choices(_SYLLABLES, k=rng.randint(1, 3)))).capitalize()
                 for _ in range(rng.randint(1, 2))]
        out.add(" ".join(words))
    return sorted(out)


def _utterances() -> tuple[list[str], list[str]]:
    path = DATA / "nlu" / "massive"
    if path.is_dir():
        def read(name: str) -> list[str]:
            with (path / name).open(encoding="utf-8") as fh:
                return [json.loads(line)["utt"] for line in fh]
        return read("ar-SA.train.jsonl")[:3000], read("ar-SA.dev.jsonl")
    rng = random.Random(1)
    words = "شغل أغنية من فضلك الحين وين المطعم افتح تطبيق كم الساعة ابي اسمع ستروماي".split()
    make = [" ".join(rng.choices(words, k=rng.randint(3, 8))) for _ in range(5000)]
    return make[:3000], make[3000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("catalogue")
    cat = folder / "catalogue.tsv"
    cat.write_text("".join(f"{name}\tartist\ten\n" for name in _names(N)), encoding="utf-8")
    index = folder / "index.json"
    code = (
        "import resource, sys, time\n"
        "from arabic_nlp.cli import main\n"
        "t = time.perf_counter()\n"
        f"sys.argv = ['arabic-nlp', 'catalogue', 'build', {str(cat)!r}, '-o', {str(index)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('WALL', time.perf_counter() - t)\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
        "print('CHILD_RSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    total = time.perf_counter() - start
    values = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    return {"index": index, "entries": N, "build_s": float(values["WALL"]),
            "process_s": total, "rss_mb": float(values["RSS"]),
            "child_rss_mb": float(values["CHILD_RSS"])}


def test_build_100k(built: dict[str, Any], bench_report: dict[str, Any]) -> None:
    bench_report["catalogue_build"] = built
    print(f"\ncatalogue build: {built['entries']:,} entries in {built['build_s']:.1f} s "
          f"({built['process_s']:.1f} s with interpreter start); peak RSS "
          f"{built['rss_mb']:.0f} MB, grammar workers {built['child_rss_mb']:.0f} MB each at "
          "most (bars: 60 s, 1 GB)")
    assert built["index"].exists()


def _p(times: list[float], q: float) -> float:
    return sorted(times)[int(q * (len(times) - 1))] * 1000


def test_normalize_latency_vs_bruteforce(built: dict[str, Any], benchmark: Any,
                                         bench_report: dict[str, Any]) -> None:
    t = time.perf_counter()
    cn = CatalogueNormalizer.load(built["index"])
    load_s = time.perf_counter() - t
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    warm, utterances = _utterances()
    for u in warm:  # a long-running service: its per-span cache is warm
        cn.normalize(u)
    ours: list[float] = []
    for u in utterances:
        t = time.perf_counter()
        cn.normalize(u)
        ours.append(time.perf_counter() - t)
    first = [fold(r[0][0]) for r in cn.renderings if r]
    peer: list[float] = []
    for u in utterances[:300]:
        t = time.perf_counter()
        for word in fold(u).split():
            process.extractOne(word, first, scorer=Levenshtein.normalized_distance,
                               score_cutoff=0.2)
        peer.append(time.perf_counter() - t)
    benchmark.pedantic(lambda: [cn.normalize(u) for u in utterances[:200]], rounds=1,
                       iterations=1)
    result = {"load_s": load_s, "rss_after_load_mb": rss_mb, "p50_ms": _p(ours, 0.5),
              "p90_ms": _p(ours, 0.9),
              "mean_ms": statistics.mean(ours) * 1000, "peer_p50_ms": _p(peer, 0.5),
              "utterances": len(utterances)}
    result["ratio_p50_vs_peer"] = result["peer_p50_ms"] / result["p50_ms"]
    benchmark.extra_info.update(result)
    bench_report["catalogue_normalize"] = result
    print(f"\ncatalogue normalize ({built['entries']:,} entries, {len(utterances)} utterances): "
          f"p50 {result['p50_ms']:.2f} ms, p90 {result['p90_ms']:.2f} ms, mean "
          f"{result['mean_ms']:.2f} ms (bar: p50 <= 1 ms); brute-force rapidfuzz p50 "
          f"{result['peer_p50_ms']:.1f} ms, ratio {result['ratio_p50_vs_peer']:.0f}x; "
          f"index load {load_s:.1f} s, peak RSS of this process {rss_mb:.0f} MB")
