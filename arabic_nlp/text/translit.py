"""Transliteration of names between Latin and Arabic script through the weighted grammars
of ``grammars/translit/`` (``en.rules``, ``fr.rules``): the n-best Arabic spellings an
ASR may write for a Latin name (``to_arabic("Coldplay")`` → كولدبلاي، كولد بلاي …), and a
romanization of an unknown Arabic-script name (``to_latin("ستروماي")`` → stromai).

The grammars take one lower-cased word. This module splits a name into words, reads an
initialism letter by letter, treats a possessive 's and a leading article, joins the
words' n-best lists, and caches each word's n-best (``prepare`` fills the cache for a
whole catalogue on every core).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache

import regex

from arabic_nlp.errors import InputError
from arabic_nlp.resources import grammar_file
from arabic_nlp.text.checks import check_text

LANGS: tuple[str, ...] = ("en", "fr")
"""Languages whose spelling the grammars know."""
DEFAULT_K = 8  # n-best spellings per name
# an initialism is read letter by letter (c. n. n. -> سي ان ان; Arabic ASR writes the
# English letter names)
LETTER_NAMES = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "اي", "بي", "سي", "دي", "اي", "اف", "جي", "اتش", "اي", "جي", "كي", "ال", "ام", "ان",
    "او", "بي", "كيو", "ار", "اس", "تي", "يو", "في", "دبليو", "اكس", "واي", "زد"), strict=True))
_ARTICLES = {"en": ("the",), "fr": ("le", "la", "les", "l")}
# an article that opens a name is often written as the Arabic article (the nile -> النيل)
ARTICLE_COST = 0.5  # the name without its article (نيل for the nile)


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; choose one of: {', '.join(LANGS)}")
    return lang


def _check_k(k: int) -> int:
    if k < 1:
        raise InputError(f"k={k}; ask for at least one spelling")
    return k


@cache
def _cascade(lang: str, direction: str) -> Callable[[str, int], list[tuple[str, float]]]:
    from arabic_nlp.fst.runtime import cascade

    return cascade(grammar_file("translit", f"{lang}.rules"), direction).nbest


def to_arabic(name: str, lang: str = "en", k: int = DEFAULT_K) -> list[tuple[str, float]]:
    """The ``k`` most plausible Arabic spellings of a Latin name with their costs (lower is
    more usual), cheapest first. An initialism is read letter by letter with the English
    letter names (c. n. n. → سي ان ان); a possessive 's is dropped or written ز
    (mcdonald's → مكدونالدز); a leading article is transliterated, written as ال
    (the nile → النيل) or ذا, or left out."""
    check_text(name, "name")
    _check_lang(lang)
    _check_k(k)
    words = latin_words(name)
    if not words:
        return []

    def word(w: str) -> list[tuple[str, float]]:
        if w in LETTER_NAMES:
            return [(LETTER_NAMES[w], 0.0)]
        if regex.search(r"['’]s$", w):
            stem = word(w[:-2])
            return sorted(stem + [(a + "ز", c + 0.3) for a, c in stem[:2]], key=lambda x: x[1])
        return _nbest(lang, w, k) or [(w, 5.0)]

    per_word = [word(w) for w in words]
    combos = _kbest_join(per_word, k)
    if len(words) > 1 and words[0] in _ARTICLES[lang]:
        for rest, cost in _kbest_join(per_word[1:], k):
            combos += [("ال" + rest, cost), (rest, cost + ARTICLE_COST)]
            if words[0] == "the":  # the weeknd -> ذا ويكند
                combos.append(("ذا " + rest, cost))
    best: dict[str, float] = {}
    for arabic, cost in combos:
        best[arabic] = min(cost, best.get(arabic, cost))
    return sorted(best.items(), key=lambda x: x[1])[:k]


def to_latin(arabic: str, lang: str = "en", k: int = 1) -> list[tuple[str, float]]:
    """Romanizations of an Arabic-script name as the ``lang`` grammar reads it back
    (ستروماي → stromai), word by word, the ``k`` cheapest. Arabic writes no short vowels,
    so this is a consonant skeleton with long vowels: a reading for a name no catalogue
    knows."""
    check_text(arabic, "name")
    _check_lang(lang)
    _check_k(k)
    nbest = _cascade(lang, "to_latin")
    return _kbest_join([nbest(w, k) or [(w, 5.0)] for w in arabic.split()], k) \
        if arabic.split() else []


def latin_words(latin: str) -> list[str]:
    """Lower-cased words of a Latin name, a possessive 's kept on its word and French
    elision split off (l'italie -> l italie)."""
    elided = regex.sub(r"\b([ld])['’](?=\p{L})", r"\1 ", latin.lower())
    return [str(w) for w in regex.findall(r"[\p{L}\p{N}]+(?:['’]s\b)?", elided)]


def _kbest_join(per_word: Sequence[list[tuple[str, float]]], k: int) -> list[tuple[str, float]]:
    """The ``k`` cheapest spellings of a name from its words' weighted spellings, joined
    with spaces (pruning to k after each word keeps the k best, since costs add up)."""
    out = [("", 0.0)]
    for options in per_word:
        joined = [((a + " " + b) if a else b, c + d) for a, c in out for b, d in options]
        out = sorted(joined, key=lambda x: x[1])[:k]
    return out


_NBEST_CACHE: dict[tuple[str, str, int], list[tuple[str, float]]] = {}


def _nbest(lang: str, w: str, k: int) -> list[tuple[str, float]]:
    key = (lang, w, k)
    if key not in _NBEST_CACHE:
        if len(_NBEST_CACHE) > 500_000:
            _NBEST_CACHE.clear()
        _NBEST_CACHE[key] = _cascade(lang, "to_arabic")(w, k)
    return _NBEST_CACHE[key]


def _nbest_chunk(job: tuple[str, list[str], int]) -> list[list[tuple[str, float]]]:
    lang, words, k = job
    return [_nbest(lang, w, k) for w in words]


def prepare(names: Iterable[tuple[str, str]], k: int = DEFAULT_K, jobs: int = 0) -> None:
    """Run the grammars on every distinct word of ``(name, lang)`` pairs once, on ``jobs``
    processes (0 = every core), so that a 100k-name catalogue costs one grammar pass per
    distinct word rather than per name."""
    todo: dict[str, set[str]] = {}
    for name, lang in names:
        _check_lang(lang)
        for w in latin_words(name):
            w = regex.sub(r"['’]s$", "", w)
            if w not in LETTER_NAMES and (lang, w, k) not in _NBEST_CACHE:
                todo.setdefault(lang, set()).add(w)
    workers = jobs or os.cpu_count() or 1
    ordered = {lang: sorted(ws) for lang, ws in todo.items()}
    chunks = [(lang, ws[i::workers * 4], k) for lang, ws in ordered.items()
              for i in range(workers * 4)]
    chunks = [c for c in chunks if c[1]]
    if workers < 2 or sum(len(c[1]) for c in chunks) < 2000:
        for chunk in chunks:  # not worth a pool: fill the cache here
            _nbest_chunk(chunk)
        return
    for lang in todo:
        _cascade(lang, "to_arabic")  # compile once, before the workers fork
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        for (lang, words, _), res in zip(chunks, pool.imap(_nbest_chunk, chunks), strict=True):
            for w, r in zip(words, res, strict=True):
                _NBEST_CACHE[(lang, w, k)] = r


