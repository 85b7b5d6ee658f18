"""Cold start (import + first call) and peak memory of streamed normalization.

Startup: each command runs in a fresh interpreter several times (ARABIC_NLP_BENCH_STARTUP_RUNS,
default 7); the median wall time is reported with the first run (which may also write .pyc
files) shown apart. Nothing about it is asserted.

Memory: a file of ARABIC_NLP_BENCH_STREAM_MB megabytes (default 50; 1024 reproduces the 1 GB
measurement) is built by repeating corpus lines, then ``normalize_stream`` runs over it in a
child process. Its peak RSS (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` seen by a wrapper that
runs nothing else) must stay under ARABIC_NLP_BENCH_RSS_BOUND_MB (default 500) and must not grow
with the file size (compared with a 5 MB run). Throughput is reported in MB/s.
ARABIC_NLP_BENCH_STREAM_JOBS (default 1) is passed as ``jobs``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

STARTUP_RUNS = int(os.environ.get("ARABIC_NLP_BENCH_STARTUP_RUNS", "7"))
STREAM_MB = float(os.environ.get("ARABIC_NLP_BENCH_STREAM_MB", "50"))
SMALL_MB = 5.0
RSS_BOUND_MB = float(os.environ.get("ARABIC_NLP_BENCH_RSS_BOUND_MB", "500"))
RSS_GROWTH_MB = float(os.environ.get("ARABIC_NLP_BENCH_RSS_GROWTH_MB", "64"))
STREAM_JOBS = int(os.environ.get("ARABIC_NLP_BENCH_STREAM_JOBS", "1"))

SAMPLE = "إِلَى الْمَدْرَسَةِ؟ ١٢٣"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The package may not be installed into the venv: make the working tree importable.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env


# Startup ------------------------------------------------------------------------------------

STARTUP_COMMANDS = {
    "python -c pass (interpreter baseline)": "pass",
    "arabic_nlp import + normalize()": (f"import arabic_nlp; arabic_nlp.normalize({SAMPLE!r})"),
    "arabic_nlp import + normalize_batch(nlu)": (
        f"import arabic_nlp; arabic_nlp.normalize_batch([{SAMPLE!r}], profile='nlu')"
    ),
    "import camel_tools.utils.normalize": "import camel_tools.utils.normalize",
    "camel-tools import + chain first call": (
        "from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar,"
        " normalize_teh_marbuta_ar; from camel_tools.utils.dediac import dediac_ar; "
        f"dediac_ar(normalize_teh_marbuta_ar(normalize_alef_maksura_ar("
        f"normalize_alef_ar({SAMPLE!r}))))"
    ),
    "pyarabic import + strip_tashkeel": (
        f"import pyarabic.araby as a; a.strip_tashkeel({SAMPLE!r})"
    ),
}


@pytest.mark.parametrize("name", list(STARTUP_COMMANDS))
def test_cold_start(name: str, bench_report: dict[str, Any]) -> None:
    code = STARTUP_COMMANDS[name]
    times: list[float] = []
    for _ in range(STARTUP_RUNS):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [PY, "-c", code], env=_env(), capture_output=True, text=True, cwd=REPO_ROOT
        )
        times.append(time.perf_counter() - t0)
        assert proc.returncode == 0, proc.stderr
    rest = times[1:] or times
    bench_report.setdefault("startup", {})[name] = {
        "first": times[0],
        "median": statistics.median(rest),
        "runs": len(times),
    }
    print(
        f"\n{name}: median {statistics.median(rest) * 1000:.0f} ms over {len(rest)} runs "
        f"(first {times[0] * 1000:.0f} ms)"
    )


# Streamed memory ----------------------------------------------------------------------------

# Runs argv[2:] with stdout to argv[1]; reports the child's wall time and peak RSS (KiB on Linux).
WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    rc = subprocess.run(sys.argv[2:], stdout=out).returncode
print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

STREAM_CHILD = """
import json, resource, sys, time
from arabic_nlp.text.normalize import normalize, normalize_stream
normalize("x")  # grammar loaded before timing, as startup is measured apart
src, dst, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
    n = normalize_stream(f, g, "nlu", jobs=jobs)
print(json.dumps({"lines": n, "seconds": time.perf_counter() - t}))
"""


def _measure(cmd: list[str], stdout_path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [PY, "-c", WRAPPER, str(stdout_path), *cmd],
        env=_env(),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["rc"] == 0, f"{cmd[:3]} failed: {proc.stderr[-2000:]}"
    return result


def _write_stream_file(path: Path, lines: list[str], mb: float) -> int:
    """Repeat ``lines`` into ``path`` until it holds ``mb`` megabytes; returns the line count."""
    block = ("\n".join(lines) + "\n").encode("utf-8")
    target = int(mb * 1_000_000)
    written = count = 0
    per_block = len(lines)
    with path.open("wb") as f:
        while written + len(block) <= target:
            f.write(block)
            written += len(block)
            count += per_block
        rest = block[: target - written]
        rest = rest[: rest.rfind(b"\n") + 1]
        f.write(rest)
        count += rest.count(b"\n")
    return count


@pytest.fixture(scope="session")
def stream_file(
    tmp_path_factory: pytest.TempPathFactory, bench_corpus: list[str]
) -> Iterator[Callable[[float], tuple[Path, int]]]:
    made: dict[float, tuple[Path, int]] = {}
    root = tmp_path_factory.mktemp("stream")

    def make(mb: float) -> tuple[Path, int]:
        if mb not in made:
            path = root / f"input_{mb:g}mb.txt"
            made[mb] = (path, _write_stream_file(path, bench_corpus, mb))
        return made[mb]

    yield make
    for path, _ in made.values():
        path.unlink(missing_ok=True)


def _stream(src: Path, n_in: int, label: str) -> dict[str, Any]:
    dst = src.with_suffix(".out")
    report = src.with_suffix(".json")
    try:
        m = _measure([PY, "-c", STREAM_CHILD, str(src), str(dst), str(STREAM_JOBS)], report)
        child = json.loads(report.read_text().strip().splitlines()[-1])
        assert child["lines"] == n_in
        out_lines = sum(1 for _ in dst.open(encoding="utf-8"))
        assert out_lines == n_in
    finally:
        dst.unlink(missing_ok=True)
        report.unlink(missing_ok=True)
    return {
        "label": label,
        "mb": src.stat().st_size / 1e6,
        "lines": n_in,
        "seconds": child["seconds"],
        "rss_mb": m["maxrss_kb"] / 1024,
        "wall_with_startup": m["seconds"],
    }


def test_stream_memory_bounded(
    stream_file: Callable[[float], tuple[Path, int]], bench_report: dict[str, Any]
) -> None:
    small = _stream(
        *stream_file(SMALL_MB), label=f"normalize_stream nlu jobs={STREAM_JOBS}, small file"
    )
    big = _stream(*stream_file(STREAM_MB), label=f"normalize_stream nlu jobs={STREAM_JOBS}")
    big["bound_mb"] = RSS_BOUND_MB
    bench_report["stream_small"] = small
    bench_report["stream"] = big
    print(
        f"\nstream {big['mb']:.0f} MB: {big['mb'] / big['seconds']:.1f} MB/s, "
        f"peak RSS {big['rss_mb']:.0f} MB ({small['mb']:.0f} MB file: "
        f"{small['rss_mb']:.0f} MB)"
    )
    assert big["rss_mb"] < RSS_BOUND_MB, f"peak RSS {big['rss_mb']:.0f} MB"
    if STREAM_MB >= 4 * SMALL_MB:
        growth = big["rss_mb"] - small["rss_mb"]
        assert growth < RSS_GROWTH_MB, (
            f"peak RSS grew by {growth:.0f} MB from {small['mb']:.0f} MB to "
            f"{big['mb']:.0f} MB of input: memory is not bounded"
        )


def test_cli_stream(
    stream_file: Callable[[float], tuple[Path, int]],
    bench_report: dict[str, Any],
    bench_corpus: list[str],
) -> None:
    """The installed CLI on the same file (skipped while the entry point is absent)."""
    cli = Path(PY).parent / "arabic-nlp"
    if not cli.exists():
        pytest.skip(f"{cli} not installed")
    src, n_in = stream_file(STREAM_MB)
    dst = src.with_suffix(".cli.out")
    try:
        m = _measure([str(cli), "normalize", "--profile", "nlu", str(src)], dst)
        with dst.open(encoding="utf-8") as f:
            head = [next(f) for _ in range(min(n_in, 1000))]
            n_out = len(head) + sum(1 for _ in f)
    finally:
        dst.unlink(missing_ok=True)
    assert n_out == n_in
    from arabic_nlp import normalize_batch

    expected = normalize_batch(bench_corpus[: len(head)], profile="nlu")
    assert [h.rstrip("\n") for h in head] == expected
    bench_report["cli"] = {
        "label": "arabic-nlp normalize --profile nlu (CLI, incl. startup)",
        "mb": src.stat().st_size / 1e6,
        "lines": n_in,
        "seconds": m["seconds"],
        "rss_mb": m["maxrss_kb"] / 1024,
    }
