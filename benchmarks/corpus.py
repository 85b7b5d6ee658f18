"""The text every benchmark runs on: real diacritized lines when present, else a generated corpus.

Lines come from ``shared/data/diacritization/train.txt`` when that file exists, then from
``train_tashkeela_shakkala.txt`` (the first lines, outer quotes stripped, cut to at most
``MAX_WORDS`` words so they resemble spoken utterances). Without either file a deterministic
generated corpus stands in: seeded random Arabic words with diacritics, letter variants
(hamzated alefs, alef maqsura, ta marbuta), tatweel, punctuation and digits.

Environment:
    ARABIC_NLP_BENCH_LINES   number of lines (default 20000)
    ARABIC_NLP_BENCH_CORPUS  "auto" (default) or "generated" to force the generated corpus
"""

from __future__ import annotations

import os
import random
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "diacritization"
CANDIDATES = (DATA_DIR / "train.txt", DATA_DIR / "train_tashkeela_shakkala.txt")

DEFAULT_LINES = 20_000
MAX_WORDS = 40


def n_lines() -> int:
    return int(os.environ.get("ARABIC_NLP_BENCH_LINES", DEFAULT_LINES))


def _from_file(path: Path, n: int) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.replace("\r", " ").strip().strip('"').strip()
            if not line:
                continue
            out.append(" ".join(line.split(" ")[:MAX_WORDS]))
            if len(out) >= n:
                break
    return out


# Generated corpus ---------------------------------------------------------------------------

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_VARIANTS = "أإآٱىةؤئء"
_DIACRITICS = "\u064e\u064f\u0650\u0652\u064b\u064c\u064d"  # fatha damma kasra sukun tanwin
_SHADDA = "\u0651"
_TATWEEL = "\u0640"
_PUNCT = ["،", "؛", "؟", ".", ",", "!", "٪", ":"]
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"


def _word(rng: random.Random) -> str:
    chars: list[str] = []
    if rng.random() < 0.35:
        chars.append("ال")
    for _ in range(rng.randint(2, 6)):
        c = rng.choice(_VARIANTS) if rng.random() < 0.12 else rng.choice(_LETTERS)
        chars.append(c)
        if rng.random() < 0.08:
            chars.append(_SHADDA)
        if rng.random() < 0.7:
            chars.append(rng.choice(_DIACRITICS))
        if rng.random() < 0.01:
            chars.append(_TATWEEL)
    if rng.random() < 0.15:
        chars.append(rng.choice("ةى"))
    return "".join(chars)


def generated(n: int, seed: int = 20240611) -> list[str]:
    """``n`` deterministic utterance-like lines (same seed, same lines)."""
    rng = random.Random(seed)
    lines: list[str] = []
    for _ in range(n):
        parts: list[str] = []
        for _ in range(rng.randint(3, MAX_WORDS)):
            r = rng.random()
            if r < 0.04:
                parts.append("".join(rng.choice(_DIGITS) for _ in range(rng.randint(1, 4))))
            else:
                parts.append(_word(rng))
            if rng.random() < 0.06:
                parts[-1] += rng.choice(_PUNCT)
        sep = "  " if rng.random() < 0.05 else " "
        lines.append(sep.join(parts))
    return lines


# Public -------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _load(n: int, mode: str) -> tuple[tuple[str, ...], str]:
    if mode != "generated":
        for path in CANDIDATES:
            if path.is_file():
                lines = _from_file(path, n)
                if lines:
                    if len(lines) < n:  # short file: cycle it to the requested size
                        lines = [lines[i % len(lines)] for i in range(n)]
                    return tuple(lines), str(path)
    return tuple(generated(n)), "generated (seeded)"


def load(n: int | None = None) -> tuple[list[str], str]:
    """``(lines, source)``: the benchmark lines and where they came from."""
    mode = os.environ.get("ARABIC_NLP_BENCH_CORPUS", "auto")
    lines, source = _load(n_lines() if n is None else n, mode)
    return list(lines), source


def lines(n: int | None = None) -> list[str]:
    return load(n)[0]


if __name__ == "__main__":
    ls, src = load()
    chars = sum(map(len, ls))
    print(
        f"{len(ls)} lines from {src}; {chars / len(ls):.0f} chars/line, "
        f"{sum(len(s.encode()) for s in ls) / 1e6:.1f} MB UTF-8"
    )
    for s in ls[:3]:
        print(s)
