"""Scoring the catalogue normalizer (``arabic-nlp eval catalogue``): top-1 and top-5.

The catalogue holds every Latin name of the dev pairs plus distractor names (seeded,
from CC0 Wikidata name tokens; see docs/catalogue-eval-data.md). For each pair, the
Arabic value is looked up as a whole span; a pair is right at rank k when its Latin name
(case-insensitive) is among the k best-scoring entries. The lookup is the
normalizer's: the span whole and after each leading clitic (الفيسبوك is looked up as
فيسبوك too). Also reported: how many of a
no-foreign-name Arabic text's tokens the normalizer would rewrite (false rewrites).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from arabic_nlp.data.catalogue_pairs import (
    ARABIC_LOCALE,
    DEFAULT_TYPES,
    PARTITIONS,
    PairCount,
    massive_dir,
)
from arabic_nlp.errors import InputError
from arabic_nlp.text.catalogue import CatalogueNormalizer, Entry
from arabic_nlp.text.slots import Span, parse_annotated

_WORD = regex.compile(r"\S+")


@dataclass
class CatalogueScores:
    pairs: int = 0
    top1: int = 0
    top5: int = 0
    tokens: int = 0
    rewritten: int = 0
    in_context: int = 0  # slot values in their utterance
    context_right: int = 0  # rewritten into one of their references
    context_wrong: int = 0  # rewritten into another entry
    context_tokens: int = 0  # utterance tokens outside name slots
    context_other: int = 0  # of those, rewritten

    def summary(self) -> str:
        parts = [f"{self.pairs} Arabic values, top-1 {self.top1 / max(self.pairs, 1):.2%} "
                 f"({self.top1}), top-5 {self.top5 / max(self.pairs, 1):.2%} ({self.top5})"]
        if self.in_context:
            parts.append(f"in context {self.context_right / self.in_context:.2%} of "
                         f"{self.in_context} names rewritten right, "
                         f"{self.context_wrong / self.in_context:.2%} wrong; "
                         f"{self.context_other / max(self.context_tokens, 1):.3%} of "
                         f"{self.context_tokens} other tokens rewritten")
        if self.tokens:
            parts.append(f"false rewrites {self.rewritten / self.tokens:.3%} of "
                         f"{self.tokens} tokens")
        return "; ".join(parts)


def build_catalogue(pairs: Sequence[PairCount], distractors: Iterable[str]) -> list[Entry]:
    """One entry per distinct Latin name of the pairs (language from the pair) plus the
    distractors (English)."""
    seen: dict[str, Entry] = {}
    for p in pairs:
        key = p.latin.lower()
        if key not in seen:
            seen[key] = Entry(p.latin, "other", "fr" if p.langs == ("fr",) else "en")
    for name in distractors:
        seen.setdefault(name.lower(), Entry(name, "other", "en"))
    return list(seen.values())


def references(pairs: Sequence[PairCount]) -> dict[str, set[str]]:
    """Each distinct Arabic value and every Latin name the data pairs it with (lower
    case): باراك أوباما is right as "barack obama" or as MASSIVE's "barrack obama"."""
    refs: dict[str, set[str]] = {}
    for p in pairs:
        refs.setdefault(p.arabic, set()).add(p.latin.lower())
    return refs


@dataclass(frozen=True)
class Utterance:
    """An ar-SA utterance, its slot spans and the (start, end, Latin references) of the
    transliterated names in it."""

    text: str
    spans: tuple[Span, ...]
    names: tuple[tuple[int, int, frozenset[str]], ...]


def utterances(data_dir: str | Path, pairs: Sequence[PairCount]) -> list[Utterance]:
    """The ar-SA utterances the pairs come from, with each pair's value located in its
    slot: the in-context test (does the normalizer find the name in a real request?)."""
    refs = references(pairs)
    wanted = {i for p in pairs for i in p.source_ids}
    root = massive_dir(data_dir)
    out: list[Utterance] = []
    for partition in PARTITIONS:
        path = root / f"{ARABIC_LOCALE}.{partition}.jsonl"
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                row = json.loads(line)
                if row["id"] not in wanted:
                    continue
                text, spans = parse_annotated(row["annot_utt"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{lineno}: {exc}") from None
            names = tuple((sp.start, sp.end, frozenset(refs[text[sp.start:sp.end]]))
                          for sp in spans if text[sp.start:sp.end] in refs)
            if names:
                out.append(Utterance(text, tuple(spans), names))
    return out


def evaluate(cn: CatalogueNormalizer, pairs: Sequence[PairCount],
             plain_lines: Iterable[str] = (),
             utterances: Sequence[Utterance] = ()) -> CatalogueScores:
    """Top-1/top-5 of ``cn`` on the distinct Arabic values of ``pairs``, a value being
    right when the entry ranked first (or among the first five) is one of its Latin
    references (the NEWS shared-task convention); the names found in context in
    ``utterances``; false rewrites on ``plain_lines``."""
    s = CatalogueScores()
    for arabic, latin in references(pairs).items():
        s.pairs += 1
        ranked = [cn.entries[i].latin.lower() for _, _, i, _ in cn.lookup(arabic)[:5]]
        s.top1 += bool(ranked) and ranked[0] in latin
        s.top5 += bool(latin.intersection(ranked))
    for utt in utterances:
        spans = [(sp.start, sp.end) for sp in utt.spans if sp.label in DEFAULT_TYPES]
        matches = cn.normalize(utt.text).matches
        for start, end, names in utt.names:
            s.in_context += 1
            hit = [m for m in matches if m.start < end and m.end > start]
            s.context_right += any(m.entry.latin.lower() in names for m in hit)
            s.context_wrong += bool(hit) and not any(m.entry.latin.lower() in names
                                                     for m in hit)
        outside = [m for m in matches if not any(m.start < e and m.end > b for b, e in spans)]
        s.context_tokens += sum(1 for w in _WORD.finditer(utt.text)
                                if not any(b <= w.start() < e for b, e in spans))
        s.context_other += sum(len(m.text.split()) for m in outside)
    for line in plain_lines:
        s.tokens += len(line.split())
        s.rewritten += sum(len(m.text.split()) for m in cn.normalize(line).matches)
    return s
