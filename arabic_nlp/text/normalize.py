"""Script normalization with named profiles (grammars/normalize/*.rules).

A profile is a cascade of rules; its name is the cascade's name, found in the
rule file named by the part before the first '_' (``nlu_keep_ta_marbuta`` lives
in nlu.rules). ``asr`` keeps shaddah and maddah, ``nlu`` strips diacritics and
unifies letter variants, ``tts`` keeps every diacritic in canonical order,
``search`` is the most aggressive matching form.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice
from typing import IO

from arabic_nlp.errors import InputError
from arabic_nlp.fst.runtime import Cascade, cascade, grammar
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.checks import check_text

DEFAULT_PROFILE = "nlu"


@lru_cache(maxsize=1)
def profiles() -> tuple[str, ...]:
    """Names of every normalization profile the shipped grammars define."""
    names: list[str] = []
    for path in sorted(grammar_file("normalize").glob("*.rules")):
        stem = path.stem
        for name in grammar(path).cascades:
            if (name == stem or name.startswith(stem + "_")) and name not in names:
                names.append(name)
    return tuple(names)


@lru_cache(maxsize=32)
def _profile(profile: str) -> Cascade:
    # Only the profile's own rule file is read; listing every profile is for the error.
    path = grammar_file("normalize", str(profile).split("_")[0] + ".rules")
    if not isinstance(profile, str) or not path.is_file() or \
            profile not in grammar(path).cascades:
        raise InputError(f"unknown normalization profile {profile!r}; "
                         f"choose one of: {', '.join(profiles())}")
    return cascade(path, profile)


def normalize(text: str, profile: str = DEFAULT_PROFILE) -> str:
    """Normalize ``text`` with the named profile (see :func:`profiles`)."""
    return _profile(profile).apply(check_text(text))


def normalize_batch(texts: Iterable[str], profile: str = DEFAULT_PROFILE) -> list[str]:
    """Normalize many strings; same output as calling :func:`normalize` on each."""
    casc = _profile(profile)
    items = texts if isinstance(texts, list) else list(texts)
    if all(type(t) is str for t in items):
        out = casc.apply_batch(items)  # None: a text needs the per-text checks and runtime
        if out is not None:
            return out
    return [casc.apply(check_text(t, f"texts[{i}]")) for i, t in enumerate(items)]


def _normalize_chunk(args: tuple[str, list[str]]) -> list[str]:
    profile, lines = args
    return normalize_batch(lines, profile)


def normalize_lines(lines: Iterable[str], profile: str = DEFAULT_PROFILE, *, jobs: int = 1,
                    chunk_size: int = 2000) -> Iterator[str]:
    """Normalize a stream of lines lazily, in order, with bounded memory.

    Each line keeps its trailing newline. ``jobs`` > 1 spreads chunks over
    processes (0 = all cores); at most ``2 * jobs`` chunks are in flight.
    """
    _profile(profile)  # fail early on a bad profile name
    jobs = os.cpu_count() or 1 if jobs == 0 else max(1, jobs)

    def chunks() -> Iterator[tuple[str, list[str]]]:
        it = iter(lines)
        while True:
            chunk = list(islice(it, chunk_size))
            if not chunk:
                return
            yield profile, chunk

    def split(chunk: list[str]) -> tuple[list[str], list[str]]:
        bodies, ends = [], []
        for line in chunk:
            body = line.rstrip("\r\n")
            bodies.append(body)
            ends.append(line[len(body):])
        return bodies, ends

    if jobs == 1:
        for _, chunk in chunks():
            bodies, ends = split(chunk)
            yield from (b + e for b, e in zip(normalize_batch(bodies, profile), ends, strict=True))
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list[tuple[object, list[str]]] = []
        for _, chunk in chunks():
            bodies, ends = split(chunk)
            pending.append((pool.submit(_normalize_chunk, (profile, bodies)), ends))
            if len(pending) >= 2 * jobs:
                fut, ends0 = pending.pop(0)
                yield from (b + e for b, e in zip(fut.result(), ends0, strict=True))  # type: ignore[attr-defined]
        for fut, ends0 in pending:
            yield from (b + e for b, e in zip(fut.result(), ends0, strict=True))  # type: ignore[attr-defined]


def normalize_stream(src: IO[str], dst: IO[str], profile: str = DEFAULT_PROFILE, *,
                     jobs: int = 1) -> int:
    """Normalize a text stream line by line into ``dst``; returns the number of lines."""
    count = 0
    for line in normalize_lines(src, profile, jobs=jobs):
        dst.write(line)
        count += 1
    return count
