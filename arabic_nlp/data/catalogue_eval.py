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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from arabic_nlp.data.catalogue_pairs import PairCount
from arabic_nlp.text.catalogue import CatalogueNormalizer, Entry


@dataclass
class CatalogueScores:
    pairs: int = 0
    top1: int = 0
    top5: int = 0
    tokens: int = 0
    rewritten: int = 0

    def summary(self) -> str:
        parts = [f"{self.pairs} pairs, top-1 {self.top1 / max(self.pairs, 1):.2%} "
                 f"({self.top1}), top-5 {self.top5 / max(self.pairs, 1):.2%} ({self.top5})"]
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


def evaluate(cn: CatalogueNormalizer, pairs: Sequence[PairCount],
             plain_lines: Iterable[str] = ()) -> CatalogueScores:
    """Top-1/top-5 of ``cn`` on ``pairs``; false rewrites on ``plain_lines``."""
    s = CatalogueScores()
    for p in pairs:
        s.pairs += 1
        ranked = [cn.entries[i].latin.lower() for _, _, i, _ in cn.lookup(p.arabic)[:5]]
        s.top1 += bool(ranked) and ranked[0] == p.latin.lower()
        s.top5 += p.latin.lower() in ranked
    for line in plain_lines:
        s.tokens += len(line.split())
        s.rewritten += sum(len(m.text.split()) for m in cn.normalize(line).matches)
    return s
